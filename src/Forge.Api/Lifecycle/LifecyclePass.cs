using System.Data.Common;
using Forge.Api.Cloud;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// One lifecycle pass, snapshot → plan → act: read every live workstation and its lifecycle row, observe the
/// user sessions of the running ones (DescribeWorkspacesConnectionStatus, 25 a call per region: ⌈N/25⌉
/// calls for N), record what changed in one save, ask <see cref="LifecyclePlanner"/> for each, and hand
/// each decision to <see cref="LifecycleActor"/> (a notice through the outbox, a stop or terminate through
/// the engine's transitions). One workstation's failure never stops the pass.
/// </summary>
public sealed partial class LifecyclePass(
    ForgeDbContext db, IWorkspaceCloud cloud, LifecycleClock clock, LifecycleActor actor, LifecycleNoticeSender notices, IOptions<LifecycleOptions> options,
    ILogger<LifecyclePass> logger)
{
    /// <summary>A live workstation as the pass reads it.</summary>
    private sealed record Live(Guid Id, string OwnerId, string Blueprint, string Status, string? CloudWorkspaceId, string Region, DateTimeOffset? ReadyAt);

    public async Task<PassStats> RunAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        var live = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed && w.Status != WorkspaceStatus.Provisioning
                && w.OwnerId != Pools.PoolMembers.Owner) // unclaimed members are the pools' to stop and retire
            .Select(w => new Live(w.Id, w.OwnerId, w.Blueprint, w.Status, w.CloudWorkspaceId, w.Region, w.ReadyAt))
            .ToListAsync(cancellationToken);
        var states = await db.Set<WorkspaceLifecycle>()
            .Where(l => db.Workspaces.Any(w => w.Id == l.WorkspaceId && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed))
            .ToDictionaryAsync(l => l.WorkspaceId, cancellationToken);
        var sessions = await ObserveSessionsAsync(live, cancellationToken);
        var now = clock.Now;

        foreach (var w in live)
        {
            if (!states.TryGetValue(w.Id, out var state))
            {
                state = states[w.Id] = new WorkspaceLifecycle { WorkspaceId = w.Id };
                db.Add(state);
            }

            Record(state, w, sessions.GetValueOrDefault(w.CloudWorkspaceId ?? ""), now);
        }

        await notices.RefreshDeliveriesAsync(states.Values, cancellationToken);
        foreach (var w in live)
        {
            // Where nothing is to be done now, what comes next goes in the same save as the observations: a new row is
            // written once, not made and then changed (the planner is pure: the loop below decides the same again).
            var state = states[w.Id];
            var decision = LifecyclePlanner.Plan(Snapshot(w, state), options.Value.PolicyFor(w.Blueprint), now);
            if (decision.Notice is null && !decision.Stop && !decision.Terminate)
            {
                state.NextAction = decision.Next?.Action;
                state.NextActionAt = decision.Next?.At;
                state.NextActionReason = decision.Next?.Reason;
            }
        }

        await actor.SaveObservationsAsync(cancellationToken);

        int acted = 0, failed = 0;
        foreach (var w in live)
        {
            if (!states.TryGetValue(w.Id, out var state) || db.Entry(state).State == EntityState.Detached)
            {
                continue; // Another writer changed it meanwhile: the next pass decides on what it wrote.
            }

            var policy = options.Value.PolicyFor(w.Blueprint);
            var decision = LifecyclePlanner.Plan(Snapshot(w, state), policy, now);
            try
            {
                var outcome = await actor.ActAsync(w.Id, w.OwnerId, w.Blueprint, state, decision, policy, now, cancellationToken);
                acted += outcome ? 1 : 0;
            }
            catch (DbException e) when (!cancellationToken.IsCancellationRequested)
            {
                LogActFailed(logger, e, w.Id, decision.Action ?? "(none)");
                failed++;
            }
        }

        await actor.SaveObservationsAsync(cancellationToken); // what comes next, for every workstation

        return new PassStats(live.Count, acted, failed, TimeProvider.System.GetElapsedTime(started));
    }

    /// <summary>The sessions of every running workstation at rest, by WorkSpace id: one call per 25 in each region.</summary>
    private async Task<Dictionary<string, CloudConnection>> ObserveSessionsAsync(List<Live> live, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CloudConnection>(StringComparer.Ordinal);
        foreach (var region in live.Where(w => w.Status == WorkspaceStatus.Ready && w.CloudWorkspaceId is not null)
            .GroupBy(w => w.Region, StringComparer.Ordinal))
        {
            try
            {
                foreach (var c in await cloud.DescribeConnectionsAsync([.. region.Select(w => w.CloudWorkspaceId!)], region.Key, cancellationToken))
                {
                    found[c.WorkspaceId] = c;
                }
            }
            catch (WorkspaceCloudException e)
            {
                // That region's sessions stay unknown this pass: nothing is stopped for idleness on a guess.
                LogObserveFailed(logger, e, region.Key);
            }
        }

        return found;
    }

    /// <summary>What this pass saw: the session, and since when it runs or is stopped (counted on the lifecycle clock, from the first pass that sees it so).</summary>
    private void Record(WorkspaceLifecycle state, Live w, CloudConnection? session, DateTimeOffset now)
    {
        var readyAt = w.ReadyAt is { } ready ? clock.FromForgeTime(ready) : (DateTimeOffset?)null;
        state.LifetimeStart ??= readyAt;
        var atRest = AtRest(w);
        if (atRest && w.Status == WorkspaceStatus.Ready)
        {
            state.StoppedSince = null;
            state.RunningSince ??= state.Version == 0 && readyAt is not null ? readyAt : now;
        }
        else if (atRest && w.Status == WorkspaceStatus.Stopped)
        {
            state.RunningSince = null;
            state.StoppedSince ??= now;
            state.Connected = null;
        }

        if (session is not null && atRest && w.Status == WorkspaceStatus.Ready)
        {
            var connected = session.State switch
            {
                Aws.WorkSpaces.ConnectionState.Connected => true,
                Aws.WorkSpaces.ConnectionState.Disconnected => false,
                _ => (bool?)null,
            };
            var newer = session.LastConnectedAt is { } last && (state.LastConnectedAt is null || last > state.LastConnectedAt);
            // Only a change is written: an unchanged session leaves the row as it is, so a steady pass over N workstations
            // writes nothing rather than N rows a minute (the check time alone is no news).
            if (connected != state.Connected || newer || state.ConnectionCheckedAt is null)
            {
                state.Connected = connected;
                state.LastConnectedAt = newer ? session.LastConnectedAt : state.LastConnectedAt;
                state.ConnectionCheckedAt = session.CheckedAt ?? now;
            }
        }

        state.KeepAliveRenewalsLeft = Math.Max(0, options.Value.PolicyFor(w.Blueprint).KeepAliveMaxRenewals - state.KeepAliveRenewalsUsed);
    }

    /// <summary>
    /// Ready or stopped, whatever chore the engine runs on it (a dotfile sync, a secret injection): those
    /// neither count as use nor hold the lifecycle back, and a stop asked meanwhile replaces them, as the API's does.
    /// </summary>
    private static bool AtRest(Live w) => !WorkspaceStatus.IsTransitional(w.Status);

    private static LifecycleSnapshot Snapshot(Live w, WorkspaceLifecycle s) => new(
        w.Status, AtRest(w), s.Connected, s.LastConnectedAt, s.LifetimeStart, s.RunningSince, s.StoppedSince, s.KeepAliveUntil,
        s.IdleNotice, s.LifetimeNotice, s.StaleNotice);

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Lifecycle: could not read the user sessions in {Region}; idle stops there wait for the next pass")]
    private static partial void LogObserveFailed(ILogger logger, Exception exception, string region);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "Lifecycle: acting on workspace {WorkspaceId} ({Action}) failed; the next pass decides again")]
    private static partial void LogActFailed(ILogger logger, Exception exception, Guid workspaceId, string action);
}
