using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Lifecycle;

/// <summary>
/// Acts on the planner's decisions, each in one transaction with its audit entry: a notice is recorded on
/// the lifecycle row together with its outbox message (so a restart can neither repeat it nor lose it); a
/// stop or terminate is asked of the engine exactly as the API asks it
/// (<see cref="WorkspaceActionsHandler.RequestAsync"/>), after reading the workspace again. A row another
/// writer changed meanwhile is left to the next pass: "changed meanwhile" is an outcome, not an error.
/// </summary>
public sealed partial class LifecycleActor(
    ForgeDbContext db, JobQueue jobs, JobSignal signal, AuditLog audit, LifecycleNoticeSender notices, ILogger<LifecycleActor> logger)
{
    /// <summary>Saves what the pass observed (rows made and changed) at once; a row changed meanwhile by another writer is left out.</summary>
    public async Task SaveObservationsAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            BumpVersions();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException e) when (attempt < 5)
            {
                LogObservationsConflict(logger, e, e.Entries.Count);
                // The keep-alive or the pass on another replica wrote these rows first (or made them): theirs stand.
                foreach (var entry in e.Entries)
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    /// <summary>Carries out <paramref name="decision"/> and records what comes next; true when it acted (a notice, a stop, a terminate).</summary>
    public async Task<bool> ActAsync(Guid workspaceId, string ownerId, string blueprint, WorkspaceLifecycle state, LifecycleDecision decision,
        LifecyclePolicy policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(decision);
        var next = decision.Next;
        state.NextAction = next?.Action;
        state.NextActionAt = next?.At;
        state.NextActionReason = next?.Reason;
        if (decision.Notice is { } notice)
        {
            var sent = new SentNotice(notice.Kind, notice.Basis, now, notice.Due, NoticeDelivery.Pending);
            switch (notice.Kind)
            {
                case NoticeKinds.IdleWarning:
                    state.IdleNotice = sent;
                    break;
                case NoticeKinds.Stale:
                    state.StaleNotice = sent;
                    break;
                default:
                    state.LifetimeNotice = sent;
                    break;
            }

            state.NextAction = notice.Kind == NoticeKinds.IdleWarning ? LifecycleActions.IdleStop
                : notice.Kind == NoticeKinds.Stale ? LifecycleActions.StaleTerminate : state.NextAction ?? LifecycleActions.LifetimeTerminate;
            state.NextActionAt = notice.Kind is NoticeKinds.LifetimeFirst ? notice.Due - LifecycleDefaults.FinalLifetimeNotice : notice.Due;
            state.NextActionReason = decision.Reason;
            await notices.EnqueueAsync(workspaceId, ownerId, blueprint, notice, cancellationToken);
            audit.Stage(AuditLog.SystemActor, "lifecycle.notice", workspaceId.ToString(), AuditOutcome.Succeeded, null,
                $"{notice.Kind}: due {notice.Due:O}; {decision.Reason}");
            LogNotice(logger, workspaceId, notice.Kind, notice.Due);
            return await SaveActAsync(cancellationToken);
        }

        if (!decision.Stop && !decision.Terminate)
        {
            return false; // What comes next is saved with the next observations (or now, if nothing else changes).
        }

        var action = decision.Stop ? "stop" : "terminate";
        var workspace = await db.Workspaces.IgnoreAutoIncludes().SingleOrDefaultAsync(w => w.Id == workspaceId, cancellationToken);
        if (workspace is null || !WorkspaceActionsHandler.Allows(action, workspace.Status))
        {
            return false; // No longer eligible: the engine or the owner moved it meanwhile.
        }

        state.NextAction = null;
        state.NextActionAt = null;
        state.NextActionReason = null;
        BumpVersions();
        try
        {
            await WorkspaceActionsHandler.RequestAsync(db, jobs, audit, workspace, action, AuditLog.SystemActor, correlationId: null,
                $"lifecycle {decision.Action}: {decision.Reason}", now, cancellationToken);
        }
        catch (DbUpdateException e)
        {
            Forget(e, workspace);
            return false;
        }

        db.Entry(workspace).State = EntityState.Detached;
        signal.Notify();
        LogAction(logger, workspaceId, action, decision.Reason ?? "");
        return true;
    }

    /// <summary>Saves one act (its row, audit entry, outbox message); when another writer got there first, the act is dropped whole.</summary>
    private async Task<bool> SaveActAsync(CancellationToken cancellationToken)
    {
        BumpVersions();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException e)
        {
            Forget(e, null);
            return false;
        }
    }

    /// <summary>Drops an act that could not be saved: what it added, and the rows that conflicted (the next pass reads them afresh).</summary>
    private void Forget(DbUpdateException e, Workspace? workspace)
    {
        LogActDropped(logger, e);
        foreach (var entry in e.Entries.Concat(db.ChangeTracker.Entries().Where(x => x.State == EntityState.Added)).ToList())
        {
            entry.State = EntityState.Detached;
        }

        if (workspace is not null)
        {
            db.Entry(workspace).State = EntityState.Detached;
        }
    }

    private void BumpVersions()
    {
        foreach (var entry in db.ChangeTracker.Entries<WorkspaceLifecycle>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version++;
        }
    }

    [LoggerMessage(EventId = 8013, Level = LogLevel.Information, Message = "Lifecycle: {Count} rows were changed by another writer meanwhile; theirs stand")]
    private static partial void LogObservationsConflict(ILogger logger, Exception exception, int count);

    [LoggerMessage(EventId = 8012, Level = LogLevel.Information, Message = "Lifecycle: an act met a change by another writer and is left to the next pass")]
    private static partial void LogActDropped(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 8010, Level = LogLevel.Information, Message = "Lifecycle: workspace {WorkspaceId} notice {Kind}, due {Due}")]
    private static partial void LogNotice(ILogger logger, Guid workspaceId, string kind, DateTimeOffset due);

    [LoggerMessage(EventId = 8011, Level = LogLevel.Information, Message = "Lifecycle: workspace {WorkspaceId} asked to {Action}: {Reason}")]
    private static partial void LogAction(ILogger logger, Guid workspaceId, string action, string reason);
}
