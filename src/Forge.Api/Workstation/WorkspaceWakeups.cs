using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Workstation;

/// <summary>
/// How the periodic passes hand work to the workspaces' actors: they record what is due (a flag on the
/// workspace) and wake its one job; they never act on a workspace themselves. One workspace's failure
/// never stops a pass.
/// </summary>
public sealed partial class WorkspaceWakeups(ForgeDbContext db, JobQueue jobs, JobSignal signal, ILogger<WorkspaceWakeups> logger)
{
    /// <summary>Wakes (or gives one to) each workspace's job; returns how many were woken and how many failed.</summary>
    public Task<(int Woken, int Failed)> WakeAsync(IEnumerable<Guid> workspaceIds, CancellationToken cancellationToken) =>
        EachAsync(workspaceIds, id => jobs.WakeOrStageAsync(WorkspaceReconciler.JobKind, id, correlationId: null, cancellationToken), cancellationToken);

    /// <summary>Gives a job to each workspace that has none open (the sweep's backstop for intent written without its job).</summary>
    public async Task<(int Staged, int Failed)> StageMissingAsync(IReadOnlyCollection<Guid> workspaceIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var open = (await db.Jobs.Where(j => j.Kind == WorkspaceReconciler.JobKind && workspaceIds.Contains(j.SubjectId)
                && (j.State == JobState.Queued || j.State == JobState.Running)).Select(j => j.SubjectId).ToListAsync(cancellationToken)).ToHashSet();
        return await EachAsync(workspaceIds.Where(id => !open.Contains(id)), id =>
        {
            jobs.Stage(WorkspaceReconciler.JobKind, id, correlationId: null);
            return Task.CompletedTask;
        }, cancellationToken);
    }

    /// <summary>Stages <paramref name="wake"/> for each workspace and saves it on its own, so one failure costs only that one.</summary>
    private async Task<(int Done, int Failed)> EachAsync(IEnumerable<Guid> workspaceIds, Func<Guid, Task> wake, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        int done = 0, failed = 0;
        foreach (var id in workspaceIds)
        {
            try
            {
                await wake(id);
                await db.SaveChangesAsync(cancellationToken);
                done++;
            }
            catch (DbUpdateException e)
            {
                // Another writer staged its job meanwhile (one open job per workspace): it runs anyway.
                db.ChangeTracker.Clear();
                LogWakeFailed(logger, e, id);
                failed++;
            }
        }

        if (done > 0)
        {
            signal.Notify();
        }

        return (done, failed);
    }

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "Could not wake the job of workspace {WorkspaceId}; the next pass tries again")]
    private static partial void LogWakeFailed(ILogger logger, Exception exception, Guid workspaceId);
}
