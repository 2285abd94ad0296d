using System.Text.Json;
using Forge.Api.Monitoring;
using Forge.Api.Notifications;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Alerts;

/// <summary>
/// Every <see cref="AlertOptions.EvaluationInterval"/>: loads the SLA events of the longest window, the requests in
/// flight and the firing alerts, lets <see cref="AlertPlanner"/> decide, and writes the new, held and resolved
/// alerts together with their notifications (outbox rows) in one save. Two processes racing to open the same
/// incident meet the unique index: one save fails as a whole, and the next pass sees the incident.
/// </summary>
public sealed partial class AlertEvaluator(
    IServiceScopeFactory scopes, SlaEventCache cache, TimeProvider timeProvider, IOptions<AlertOptions> options, IOptions<SlaOptions> sla, ILogger<AlertEvaluator> logger)
    : PeriodicPassHost("Alert evaluation", () => options.Value.EvaluationInterval, () => !options.Value.Enabled, timeProvider, logger)
{
    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        var now = TimeProvider.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var inputs = await LoadAsync(db, cache, now, sla.Value, cancellationToken);
        var firing = await db.Alerts.Where(a => a.State == AlertState.Firing).ToListAsync(cancellationToken);
        var decisions = AlertPlanner.Plan(now, inputs.Events, inputs.InFlight,
            [.. firing.Select(a => new FiringAlert(a.Id, a.Rule, a.Scope, a.FiredAt))], options.Value, sla.Value.Objective, sla.Value.StuckAfter);
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        var byId = firing.ToDictionary(a => a.Id);
        int fired = 0, resolved = 0;
        foreach (var decision in decisions)
        {
            var windows = JsonSerializer.Serialize(decision.Evaluation.Windows);
            switch (decision)
            {
                case FireAlert fire:
                    var alert = new Alert
                    {
                        Id = Guid.CreateVersion7(now),
                        Rule = fire.Evaluation.Rule,
                        Scope = fire.Evaluation.Scope,
                        Severity = AlertRules.SeverityOf(fire.Evaluation.Rule),
                        FiredAt = now,
                        LatestChangedAt = now,
                        Summary = Truncate(fire.Evaluation.Summary),
                        FiredWith = windows,
                        LatestWith = windows,
                    };
                    db.Alerts.Add(alert);
                    await NotifyAsync(outbox, alert, resolving: false, fire.Evaluation.Summary, cancellationToken);
                    LogFired(logger, alert.Rule, alert.Scope, alert.Summary);
                    fired++;
                    break;
                case HoldAlert hold when byId[hold.Alert.Id].LatestWith != windows:
                    byId[hold.Alert.Id].LatestChangedAt = now;
                    byId[hold.Alert.Id].LatestWith = windows;
                    break;
                case ResolveAlert resolve:
                    var open = byId[resolve.Alert.Id];
                    open.State = AlertState.Resolved;
                    open.ResolvedAt = now;
                    open.LatestChangedAt = now;
                    open.LatestWith = windows;
                    await NotifyAsync(outbox, open, resolving: true, resolve.Evaluation.Summary, cancellationToken);
                    LogResolved(logger, open.Rule, open.Scope);
                    resolved++;
                    break;
            }
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            // Another Forge process opened or closed the same incident first (unique index, or the same outbox key):
            // nothing of this pass was written, and the next pass starts from what that process wrote.
            LogRaced(logger, e.InnerException?.Message ?? e.Message);
            return new PassStats(decisions.Count, 0, 1, TimeProvider.GetElapsedTime(started));
        }

        return new PassStats(decisions.Count, fired + resolved, 0, TimeProvider.GetElapsedTime(started));
    }

    /// <summary>
    /// The SLA events of the longest window (from <paramref name="cache"/>), and the requests still provisioning:
    /// those past the target are bad events at the moment they missed it.
    /// </summary>
    public static async Task<(List<SlaEvent> Events, List<InFlightRequest> InFlight)> LoadAsync(
        ForgeDbContext db, SlaEventCache cache, DateTimeOffset now, SlaOptions sla, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(cache);
        ArgumentNullException.ThrowIfNull(sla);
        var events = await cache.EventsAsync(db, now, cancellationToken);
        var inFlight = await db.Workspaces.AsNoTracking().Where(w => w.Status == WorkspaceStatus.Provisioning)
            .Select(w => new InFlightRequest(w.Id, w.Blueprint, w.Region, w.RequestedAt)).ToListAsync(cancellationToken);
        foreach (var request in inFlight.Where(r => now - r.RequestedAt > sla.Target))
        {
            events.Add(new SlaEvent(request.RequestedAt + sla.Target, null, Good: false, Failed: false, request.Blueprint, request.Region));
        }

        return (events, inFlight);
    }

    private async Task NotifyAsync(NotificationOutbox outbox, Alert alert, bool resolving, string summary, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var channels = outbox.Configured(alert.Severity == AlertRules.Page ? settings.PageChannels : settings.TicketChannels);
        var kind = resolving ? "resolve" : "trigger";
        var subject = resolving
            ? $"Resolved: {alert.Rule} for {alert.Scope}"
            : $"{(alert.Severity == AlertRules.Page ? "PAGE" : "TICKET")}: {alert.Rule} for {alert.Scope}";
        var body = resolving
            ? $"{subject}. It fired at {alert.FiredAt:u}. Now: {summary}"
            : summary;
        foreach (var channel in channels)
        {
            var details = channel == PagerDutyChannel.ChannelName
                ? new PagerDutyEvent(kind, alert.DedupKey, alert.Rule == AlertRules.SloTicket ? "warning" : "critical", alert.Scope).ToJson()
                : null;
            await outbox.EnqueueAsync(channel, $"alert:{alert.Id:N}:{kind}", subject, body, details: details,
                orderKey: $"alert:{alert.Id:N}", cancellationToken: cancellationToken);
        }
    }

    private static string Truncate(string text) => text.Length <= 1024 ? text : text[..1024];

    [LoggerMessage(EventId = 13001, Level = LogLevel.Warning, Message = "Alert {Rule} for {Scope} fired: {Summary}")]
    private static partial void LogFired(ILogger logger, string rule, string scope, string summary);

    [LoggerMessage(EventId = 13003, Level = LogLevel.Information, Message = "Alert evaluation met another process's write and wrote nothing this pass: {Reason}")]
    private static partial void LogRaced(ILogger logger, string reason);

    [LoggerMessage(EventId = 13002, Level = LogLevel.Information, Message = "Alert {Rule} for {Scope} resolved")]
    private static partial void LogResolved(ILogger logger, string rule, string scope);
}
