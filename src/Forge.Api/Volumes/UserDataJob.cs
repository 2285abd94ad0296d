using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

/// <summary>
/// Connects the user data to the workspace's own transitions (<see cref="IWorkstationLifecycleWork"/>):
/// a stop or terminate waits while the user volume is mounted, and asks for a <see cref="UserDataJob"/>
/// to persist and unmount it; a start asks for one to mount it again.
/// </summary>
public sealed class UserDataLifecycleWork(ForgeDbContext db, JobQueue jobs) : IWorkstationLifecycleWork
{
    public Task<bool> ShutdownPendingAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspace.Id, cancellationToken);
    }

    // One job kind for both: it works out from the workspace's status what is left to do.
    public Task RequestShutdownWorkAsync(Workspace workspace, CancellationToken cancellationToken) => WakeAsync(workspace, cancellationToken);

    public Task RequestStartWorkAsync(Workspace workspace, CancellationToken cancellationToken) => WakeAsync(workspace, cancellationToken);

    private Task WakeAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return jobs.WakeOrStageAsync(UserDataJob.JobKind, workspace.Id, correlationId: null, cancellationToken);
    }
}

/// <summary>
/// The user-data work a workspace's status calls for, derived afresh on each run so a retried or
/// resumed job does only what is still missing: stopping or terminating with the volume mounted →
/// persist the dotfiles and unmount (the volume is released either way), then wake the workspace's
/// reconciler to send the stop; ready without its volume after a start → mount, apply, inject
/// (rebooting or starting meanwhile → look again once it may be ready).
/// Holds the workspace lock meanwhile, so it never interleaves with a reconciler pass.
/// </summary>
public sealed partial class UserDataJob(
    ForgeDbContext db, WorkspaceLocks locks, UserDataLifecycle lifecycle, JobQueue jobs, JobSignal signal,
    IOptions<WorkspaceOptions> workspaceOptions, IOptions<VolumeOptions> volumeOptions, ILogger<UserDataJob> logger) : IJobHandler
{
    public const string JobKind = "user-data";

    public string Kind => JobKind;

    public Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return locks.RunLockedAsync(job, workerId, () => ActOnStatusAsync(job, cancellationToken), cancellationToken);
    }

    private async Task<JobOutcome> ActOnStatusAsync(Job job, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleOrDefaultAsync(w => w.Id == job.SubjectId, cancellationToken);
        var mounted = await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == job.SubjectId, cancellationToken);
        switch (workspace?.Status)
        {
            case WorkspaceStatus.Stopping or WorkspaceStatus.Terminating when mounted:
                var trigger = workspace.Status == WorkspaceStatus.Stopping ? "stop" : "terminate";
                Log(await lifecycle.BeforeShutdownAsync(workspace.Id, trigger, cancellationToken), workspace.Id, trigger);
                await jobs.WakeOrStageAsync(WorkspaceReconciler.JobKind, workspace.Id, job.CorrelationId, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                signal.Notify();
                break;
            case WorkspaceStatus.Ready when !mounted && MountUserVolumeStep.HasVolumes(volumeOptions.Value, workspace):
                Log(await lifecycle.AfterAvailableAsync(workspace.Id, cancellationToken), workspace.Id, "start");
                break;
            case WorkspaceStatus.Rebooting or WorkspaceStatus.Starting:
                // Asked for again (a reboot right after the start): mount once it is ready.
                return JobOutcome.LookAgainAfter(workspaceOptions.Value.PollInterval);
        }

        return JobOutcome.Done;
    }

    private void Log(IReadOnlyList<UserDataStepResult> results, Guid workspaceId, string trigger)
    {
        foreach (var result in results)
        {
            LogStep(logger, workspaceId, trigger, result.Step, result.Succeeded ? "succeeded" : "failed: " + result.Error);
        }
    }

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} ({Trigger}): {Step} {Outcome}")]
    private static partial void LogStep(ILogger logger, Guid workspaceId, string trigger, string step, string outcome);
}
