using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// Runs a workspace's job: lock the workspace, re-read it inside the lock, observe the cloud, ask
/// <see cref="WorkspacePlanner"/> what to do, do it, record the step, say when to look again.
/// </summary>
public sealed partial class WorkspaceReconciler(
    ForgeDbContext db, WorkspaceLocks locks, IWorkspaceCloud cloud, AuditLog audit, ForgeMetrics metrics, WorkspaceChanges changes,
    TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceReconciler> logger) : IJobHandler
{
    public const string JobKind = "workspace";

    public string Kind => JobKind;

    public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var holder = $"{workerId}/{job.Id}";
        if (!await locks.TryAcquireAsync(job.SubjectId, holder, options.Value.LockLease, cancellationToken))
        {
            LogLockBusy(logger, job.SubjectId);
            return JobOutcome.LookAgainAfter(options.Value.LockRetryDelay);
        }

        try
        {
            var workspace = await db.Workspaces.Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == job.SubjectId, cancellationToken);
            if (workspace is null)
            {
                return JobOutcome.Done;
            }

            var outcome = await ReconcileAsync(workspace, job.CorrelationId, cancellationToken);
            changes.Notify();
            return outcome;
        }
        finally
        {
            await locks.ReleaseAsync(job.SubjectId, holder, CancellationToken.None);
        }
    }

    private async Task<JobOutcome> ReconcileAsync(Workspace workspace, string? correlationId, CancellationToken cancellationToken)
    {
        var steps = new WorkspaceStepRecorder(workspace, timeProvider);
        var plan = new WorkspacePlan(WorkspaceAction.None, "");
        try
        {
            if (!WorkspaceStatus.IsTransitional(workspace.Status))
            {
                // At rest: nothing to observe or do (drift detection is the lifecycle reconciler's job).
                return JobOutcome.Done;
            }

            var observed = workspace.CloudWorkspaceId is { } id ? await cloud.DescribeAsync(id, workspace.Region, cancellationToken) : null;
            if (observed is not null)
            {
                workspace.CloudState = observed.State;
            }

            plan = WorkspacePlanner.Plan(Snapshot(workspace), observed, timeProvider.GetUtcNow(), options.Value);
            var outcome = await ActAsync(workspace, plan, observed, steps, correlationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return outcome;
        }
        catch (DbUpdateConcurrencyException) when (plan.Action == WorkspaceAction.Create && workspace.CloudWorkspaceId is { } made)
        {
            // The API changed the workspace meanwhile (a delete during the create): keep what the cloud
            // made, so the next pass acts on it instead of looking for it, then reconcile afresh.
            await db.Workspaces.Where(w => w.Id == workspace.Id && w.CloudWorkspaceId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.CloudWorkspaceId, made), CancellationToken.None);
            return JobOutcome.LookAgainAfter(TimeSpan.Zero);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not DbUpdateException)
        {
            var terminal = e is WorkspaceCloudException { Terminal: true };
            var name = plan.Step is { Length: > 0 } planned ? planned : "observe-workspace";
            var counted = plan.Action is WorkspaceAction.Create or WorkspaceAction.Stop or WorkspaceAction.Start
                or WorkspaceAction.Reboot or WorkspaceAction.Terminate;
            var step = steps.Failed(name, e.Message, countAttempt: !counted, close: false);
            LogStepFailed(logger, e, workspace.Id, step.Name, step.Attempts);
            if (terminal || step.Attempts >= options.Value.MaxStepAttempts)
            {
                steps.Failed(name, e.Message, countAttempt: false, close: true);
                Finish(workspace, WorkspaceStatus.Failed, e.Message, correlationId);
                await db.SaveChangesAsync(CancellationToken.None);
                return JobOutcome.Done;
            }

            workspace.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            return JobOutcome.Retry(e.Message);
        }
    }

    private async Task<JobOutcome> ActAsync(Workspace workspace, WorkspacePlan plan, CloudWorkspace? observed, WorkspaceStepRecorder steps,
        string? correlationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (plan.Action == WorkspaceAction.None)
        {
            return JobOutcome.Done;
        }

        if (plan.Action == WorkspaceAction.Wait)
        {
            // Only the step records the poll: the workspace row (and its version) changes when something happens.
            steps.Waiting(plan.Step);
            return JobOutcome.LookAgainAfter(options.Value.PollInterval);
        }

        workspace.UpdatedAt = now;
        switch (plan.Action)
        {
            case WorkspaceAction.Complete:
                steps.Succeeded(plan.Step);
                Connect(workspace, observed);
                Finish(workspace, plan.NextStatus!, null, correlationId);
                return JobOutcome.Done;
            case WorkspaceAction.Fail:
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                Finish(workspace, WorkspaceStatus.Failed, plan.Error, correlationId);
                return JobOutcome.Done;
            case WorkspaceAction.Create:
                steps.Attempt(plan.Step);
                var created = await cloud.EnsureCreatedAsync(Spec(workspace), cancellationToken);
                workspace.CloudWorkspaceId = created.WorkspaceId;
                workspace.CloudState = created.State;
                steps.Succeeded(plan.Step);
                steps.Waiting(WorkspaceSteps.WaitAvailable);
                return JobOutcome.LookAgainAfter(options.Value.PollInterval);
            default:
                steps.Attempt(plan.Step);
                await SendAsync(workspace, plan.Action, cancellationToken);
                workspace.ActionIssuedAt = now;
                return JobOutcome.LookAgainAfter(options.Value.PollInterval);
        }
    }

    private async Task SendAsync(Workspace workspace, WorkspaceAction action, CancellationToken cancellationToken)
    {
        var id = workspace.CloudWorkspaceId;
        if (action == WorkspaceAction.Terminate && id is null)
        {
            // An interrupted create may have made a WorkSpace the database never heard of.
            id = (await cloud.FindAsync(Spec(workspace), cancellationToken))?.WorkspaceId;
            workspace.CloudWorkspaceId = id;
            if (id is null)
            {
                return;
            }
        }

        var task = action switch
        {
            WorkspaceAction.Stop => cloud.StopAsync(id!, workspace.Region, cancellationToken),
            WorkspaceAction.Start => cloud.StartAsync(id!, workspace.Region, cancellationToken),
            WorkspaceAction.Reboot => cloud.RebootAsync(id!, workspace.Region, cancellationToken),
            _ => cloud.TerminateAsync(id!, workspace.Region, cancellationToken),
        };
        await task;
    }

    private void Finish(Workspace workspace, string status, string? error, string? correlationId)
    {
        var now = timeProvider.GetUtcNow();
        var wasProvisioning = workspace.Status == WorkspaceStatus.Provisioning;
        workspace.Status = status;
        workspace.Error = error;
        workspace.ActionIssuedAt = null;
        workspace.UpdatedAt = now;
        if (status == WorkspaceStatus.Ready && wasProvisioning)
        {
            workspace.ReadyAt = now;
            metrics.ProvisioningFinished(now - workspace.RequestedAt, "ready", workspace.Region, workspace.Blueprint);
        }
        else if (status == WorkspaceStatus.Failed)
        {
            workspace.FailedAt = now;
            if (wasProvisioning)
            {
                metrics.ProvisioningFinished(now - workspace.RequestedAt, "failed", workspace.Region, workspace.Blueprint);
            }
        }
        else if (status == WorkspaceStatus.Terminated)
        {
            workspace.TerminatedAt = now;
        }

        audit.Stage(AuditLog.SystemActor, "workspace." + status, workspace.Id.ToString(),
            status == WorkspaceStatus.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded, correlationId, error);
        LogFinished(logger, workspace.Id, status);
    }

    private static void Connect(Workspace workspace, CloudWorkspace? observed)
    {
        if (observed is not null)
        {
            workspace.ComputerName = observed.ComputerName ?? workspace.ComputerName;
            workspace.IpAddress = observed.IpAddress ?? workspace.IpAddress;
        }
    }

    private static WorkspaceSnapshot Snapshot(Workspace w) => new(w.Status, w.CloudWorkspaceId, w.RequestedAt, w.ActionIssuedAt);

    internal static WorkspaceSpec Spec(Workspace w) =>
        new(w.Id, w.Region, w.DirectoryId, w.DirectoryUser, w.BundleId, w.OperatingSystem, w.Blueprint);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Workspace {WorkspaceId} is locked by another worker; looking again soon")]
    private static partial void LogLockBusy(ILogger logger, Guid workspaceId);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} failed (attempt {Attempts})")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid workspaceId, string step, int attempts);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} is now {Status}")]
    private static partial void LogFinished(ILogger logger, Guid workspaceId, string status);
}
