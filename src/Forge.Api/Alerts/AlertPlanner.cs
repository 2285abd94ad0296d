using System.Globalization;

namespace Forge.Api.Alerts;

/// <summary>
/// One request as the SLO sees it: good (ready within the target) or bad, known at <see cref="DecidedAt"/>: when it
/// became ready or failed, or, for a request that missed the target, the moment it missed it (even while it is still
/// provisioning), so a slow build burns the budget when it is late, not when it finally arrives.
/// <see cref="FinishedAt"/> is null while it is still in flight.
/// </summary>
public sealed record SlaEvent(DateTimeOffset DecidedAt, DateTimeOffset? FinishedAt, bool Good, bool Failed, string Blueprint, string Region);

/// <summary>A request still provisioning: a <see cref="AlertRules.Stuck"/> candidate.</summary>
public sealed record InFlightRequest(Guid WorkspaceId, string Blueprint, string Region, DateTimeOffset RequestedAt);

/// <summary>An alert that is firing now.</summary>
public sealed record FiringAlert(Guid Id, string Rule, string Scope, DateTimeOffset FiredAt);

/// <summary>The requests of one window: how many, how many were bad, and the burn rate that makes.</summary>
public sealed record WindowEvaluation(string Window, int Requests, int Bad, double BurnRate);

/// <summary>What a rule saw for a scope: the windows it read and whether its condition holds.</summary>
public sealed record RuleEvaluation(string Rule, string Scope, bool Holds, IReadOnlyList<WindowEvaluation> Windows, string Summary);

public abstract record AlertDecision(RuleEvaluation Evaluation);

/// <summary>A new incident: write it and send its trigger.</summary>
public sealed record FireAlert(RuleEvaluation Evaluation) : AlertDecision(Evaluation);

/// <summary>Still firing (its condition holds, or it has not fired for the minimum time yet): record what was seen.</summary>
public sealed record HoldAlert(FiringAlert Alert, RuleEvaluation Evaluation) : AlertDecision(Evaluation);

/// <summary>The condition cleared and the alert has fired long enough: resolve it once.</summary>
public sealed record ResolveAlert(FiringAlert Alert, RuleEvaluation Evaluation) : AlertDecision(Evaluation);

/// <summary>
/// Decides, from what happened (the SLA events and the requests in flight) and what is firing, which alerts fire,
/// hold and resolve. Pure: the evaluator loads the inputs and writes the decisions. Each rate rule is evaluated per
/// blueprint × region and over all requests; the overall alert fires only while no series alert of the same rule
/// does, so one burning series pages once, and a burn spread thin over many series still pages.
/// </summary>
public static class AlertPlanner
{
    /// <summary>Every window the burn-rate rules read, shortest first.</summary>
    public static IReadOnlyList<TimeSpan> BurnRateWindows { get; } =
        [.. AlertRules.PageConditions.Concat(AlertRules.TicketConditions).SelectMany(c => new[] { c.LongWindow, c.ShortWindow }).Distinct().Order()];

    public static IReadOnlyList<AlertDecision> Plan(
        DateTimeOffset now, IReadOnlyList<SlaEvent> events, IReadOnlyList<InFlightRequest> inFlight, IReadOnlyList<FiringAlert> firing,
        AlertOptions options, double objective, TimeSpan stuckAfter)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(inFlight);
        ArgumentNullException.ThrowIfNull(firing);
        ArgumentNullException.ThrowIfNull(options);
        var decisions = new List<AlertDecision>();
        var firingByKey = firing.ToDictionary(f => (f.Rule, f.Scope));
        var bySeries = events.GroupBy(e => AlertRules.SeriesScope(e.Blueprint, e.Region)).ToDictionary(g => g.Key, g => g.ToList());
        foreach (var rule in new[] { AlertRules.SloPage, AlertRules.SloTicket, AlertRules.FailureRate })
        {
            var seriesScopes = bySeries.Keys
                .Concat(firing.Where(f => f.Rule == rule && f.Scope != AlertRules.Overall).Select(f => f.Scope))
                .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            var seriesFiring = false;
            foreach (var scope in seriesScopes)
            {
                var evaluation = Evaluate(rule, scope, bySeries.GetValueOrDefault(scope) ?? [], now, options, objective);
                var decision = Decide(evaluation, firingByKey.GetValueOrDefault((rule, scope)), now, options);
                if (decision is not null)
                {
                    decisions.Add(decision);
                    seriesFiring |= decision is FireAlert or HoldAlert;
                }
            }

            var overall = Evaluate(rule, AlertRules.Overall, events, now, options, objective);
            var overallFiring = firingByKey.GetValueOrDefault((rule, AlertRules.Overall));
            if (overallFiring is not null || !seriesFiring)
            {
                if (Decide(overall, overallFiring, now, options) is { } decision)
                {
                    decisions.Add(decision);
                }
            }
        }

        var stuck = inFlight.Where(r => now - r.RequestedAt >= stuckAfter).ToDictionary(r => r.WorkspaceId.ToString());
        foreach (var (scope, request) in stuck.OrderBy(s => s.Key, StringComparer.Ordinal))
        {
            var evaluation = StuckEvaluation(request, now, holds: true);
            decisions.Add(firingByKey.TryGetValue((AlertRules.Stuck, scope), out var alert) ? new HoldAlert(alert, evaluation) : new FireAlert(evaluation));
        }

        foreach (var alert in firing.Where(f => f.Rule == AlertRules.Stuck && !stuck.ContainsKey(f.Scope)))
        {
            // The request became ready, failed or was given up: its stuck alert resolves at once (nothing to damp).
            decisions.Add(new ResolveAlert(alert, new RuleEvaluation(AlertRules.Stuck, alert.Scope, false, [],
                $"Request {alert.Scope} is no longer provisioning.")));
        }

        return decisions;
    }

    private static AlertDecision? Decide(RuleEvaluation evaluation, FiringAlert? alert, DateTimeOffset now, AlertOptions options) =>
        (evaluation.Holds, alert) switch
        {
            (true, null) => new FireAlert(evaluation),
            (true, { } firing) => new HoldAlert(firing, evaluation),
            (false, { } firing) when now - firing.FiredAt >= options.MinimumFiringTime => new ResolveAlert(firing, evaluation),
            (false, { } firing) => new HoldAlert(firing, evaluation),
            (false, null) => null,
        };

    /// <summary>What <paramref name="rule"/> sees in <paramref name="events"/> (already limited to the scope).</summary>
    public static RuleEvaluation Evaluate(string rule, string scope, IReadOnlyList<SlaEvent> events, DateTimeOffset now, AlertOptions options, double objective)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(options);
        if (rule == AlertRules.FailureRate)
        {
            return EvaluateFailureRate(scope, events, now, options);
        }

        var conditions = rule == AlertRules.SloPage ? AlertRules.PageConditions : AlertRules.TicketConditions;
        var windows = conditions.SelectMany(c => new[] { c.LongWindow, c.ShortWindow }).Distinct().Order().ToList();
        var counts = Count(events, now, windows, e => e.DecidedAt, e => !e.Good);
        var budget = 1 - objective;
        var evaluated = windows.Select((w, i) => new WindowEvaluation(Name(w), counts[i].Requests, counts[i].Bad,
            BurnRate(counts[i].Bad, counts[i].Requests, budget))).ToList();
        WindowEvaluation Of(TimeSpan window) => evaluated[windows.IndexOf(window)];
        var met = conditions.FirstOrDefault(c => Of(c.LongWindow).Requests >= options.MinimumRequests
            && Of(c.LongWindow).BurnRate >= c.Factor && Of(c.ShortWindow).BurnRate >= c.Factor);
        var longest = Of(conditions[0].LongWindow);
        var summary = met is null
            ? string.Create(CultureInfo.InvariantCulture, $"Provisioning SLO for {Describe(scope)}: burn {longest.BurnRate:0.#}x over {longest.Window}, below every alert threshold.")
            : string.Create(CultureInfo.InvariantCulture,
                $"Provisioning SLO {(rule == AlertRules.SloPage ? "burning fast" : "burning")} for {Describe(scope)}: {Of(met.LongWindow).Bad} of {Of(met.LongWindow).Requests} requests missed the target in the last {Name(met.LongWindow)} (burn {Of(met.LongWindow).BurnRate:0.#}x over {Name(met.LongWindow)}, {Of(met.ShortWindow).BurnRate:0.#}x over {Name(met.ShortWindow)}; alert at {met.Factor:0.#}x, objective {objective:0.##%}).");
        return new RuleEvaluation(rule, scope, met is not null, evaluated, summary);
    }

    /// <summary>The share of bad requests over the budget's share, rounded to 1e-9 so that 15 % of a 1 % budget is 15, not 14.999999.</summary>
    private static double BurnRate(int bad, int requests, double budget) =>
        requests == 0 ? 0 : Math.Round(bad / (requests * budget), 9);

    private static RuleEvaluation EvaluateFailureRate(string scope, IReadOnlyList<SlaEvent> events, DateTimeOffset now, AlertOptions options)
    {
        var finished = events.Where(e => e.FinishedAt is not null).ToList();
        var count = Count(finished, now, [options.FailureRateWindow], e => e.FinishedAt!.Value, e => e.Failed)[0];
        var rate = count.Requests == 0 ? 0 : count.Bad / (double)count.Requests;
        var holds = count.Requests >= options.FailureRateMinimumRequests && rate >= options.FailureRateThreshold;
        var window = Name(options.FailureRateWindow);
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Provisioning failures for {Describe(scope)}: {count.Bad} of {count.Requests} requests failed in the last {window} ({rate:0.#%}; alert at {options.FailureRateThreshold:0.#%}).");
        return new RuleEvaluation(AlertRules.FailureRate, scope, holds, [new WindowEvaluation(window, count.Requests, count.Bad, rate)], summary);
    }

    private static RuleEvaluation StuckEvaluation(InFlightRequest request, DateTimeOffset now, bool holds) =>
        new(AlertRules.Stuck, request.WorkspaceId.ToString(), holds, [],
            string.Create(CultureInfo.InvariantCulture,
                $"Request {request.WorkspaceId} ({request.Blueprint} in {request.Region}) is not ready {Math.Floor((now - request.RequestedAt).TotalMinutes):0} minutes after it was made."));

    /// <summary>Requests and bad ones per window, in one pass over the events: an event counts in each window its time falls in.</summary>
    private static (int Requests, int Bad)[] Count(IEnumerable<SlaEvent> events, DateTimeOffset now, List<TimeSpan> windows,
        Func<SlaEvent, DateTimeOffset> at, Func<SlaEvent, bool> bad)
    {
        var counts = new (int Requests, int Bad)[windows.Count];
        foreach (var e in events)
        {
            var age = now - at(e);
            if (age < TimeSpan.Zero)
            {
                continue;
            }

            var isBad = bad(e);
            for (var i = 0; i < windows.Count; i++)
            {
                if (age < windows[i])
                {
                    counts[i].Requests++;
                    counts[i].Bad += isBad ? 1 : 0;
                }
            }
        }

        return counts;
    }

    private static string Describe(string scope) => scope == AlertRules.Overall ? "all requests" : scope;

    private static string Name(TimeSpan window) =>
        window.TotalDays >= 1 && window.TotalDays % 1 == 0 ? $"{window.TotalDays:0}d"
        : window.TotalHours >= 1 && window.TotalHours % 1 == 0 ? $"{window.TotalHours:0}h"
        : $"{window.TotalMinutes:0}m";
}
