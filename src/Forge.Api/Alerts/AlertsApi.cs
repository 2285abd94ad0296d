using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Monitoring;
using Forge.Api.Notifications;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Alerts;

public sealed record AlertDeliveryView(string Channel, string Kind, string State, int Attempts, DateTimeOffset? DeliveredAt, string? LastError);

public sealed record AlertView(
    Guid Id, string Rule, string Scope, string Severity, string State, DateTimeOffset FiredAt, DateTimeOffset? ResolvedAt,
    DateTimeOffset LatestChangedAt, string Summary, string DedupKey, List<WindowEvaluation> FiredWith, List<WindowEvaluation> LatestWith,
    List<AlertDeliveryView> Deliveries);

/// <summary>The overall SLO as it stands: each rule's windows over all requests, evaluated at request time.</summary>
public sealed record AlertsPage(DateTimeOffset EvaluatedAt, double Objective, TimeSpan Target, List<RuleEvaluation> Current, List<AlertView> Active, List<AlertView> Recent);

public static class AlertsApi
{
    /// <summary>How far back resolved alerts are listed.</summary>
    public static readonly TimeSpan RecentPeriod = TimeSpan.FromDays(7);

    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/alerts", ListAsync).WithTags("Alerts").RequireAuthorization();
        return app;
    }

    /// <summary>Active alerts, those resolved in the last 7 days (at most 200), their deliveries, and the SLO now (admins only).</summary>
    private static async Task<Results<Ok<AlertsPage>, ProblemHttpResult>> ListAsync(
        ForgeUser user, ForgeDbContext db, SlaEventCache cache, TimeProvider timeProvider, IOptions<AlertOptions> options, IOptions<SlaOptions> sla, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("Alerts are for admins.");
        }

        var now = timeProvider.GetUtcNow();
        var since = now - RecentPeriod;
        var alerts = await db.Alerts.AsNoTracking()
            .Where(a => a.State == AlertState.Firing || a.ResolvedAt > since)
            .OrderByDescending(a => a.FiredAt).Take(200).ToListAsync(cancellationToken);
        var orderKeys = alerts.Select(a => $"alert:{a.Id:N}").ToList();
        var deliveries = (await db.OutboxMessages.AsNoTracking().Where(m => m.OrderKey != null && orderKeys.Contains(m.OrderKey))
                .ToListAsync(cancellationToken))
            .ToLookup(m => m.OrderKey!);
        var (events, _) = await AlertEvaluator.LoadAsync(db, cache, now, sla.Value, cancellationToken);
        var current = new[] { AlertRules.SloPage, AlertRules.SloTicket, AlertRules.FailureRate }
            .Select(rule => AlertPlanner.Evaluate(rule, AlertRules.Overall, events, now, options.Value, sla.Value.Objective)).ToList();
        var views = alerts.ConvertAll(a => new AlertView(a.Id, a.Rule, a.Scope, a.Severity, a.State, a.FiredAt, a.ResolvedAt, a.LatestChangedAt,
            a.Summary, a.DedupKey, Windows(a.FiredWith), Windows(a.LatestWith),
            [.. deliveries[$"alert:{a.Id:N}"].OrderBy(m => m.CreatedAt).ThenBy(m => m.Channel, StringComparer.Ordinal)
                .Select(m => new AlertDeliveryView(m.Channel, m.DedupKey[(m.DedupKey.LastIndexOf(':') + 1)..], m.State, m.Attempts, m.DeliveredAt, m.LastError))]));
        return TypedResults.Ok(new AlertsPage(now, sla.Value.Objective, sla.Value.Target, current,
            [.. views.Where(v => v.State == AlertState.Firing)], [.. views.Where(v => v.State == AlertState.Resolved)]));
    }

    private static List<WindowEvaluation> Windows(string json) => JsonSerializer.Deserialize<List<WindowEvaluation>>(json) ?? [];
}
