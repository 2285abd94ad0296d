using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// Runs a workspace's job: lock the workspace, re-read it inside the lock, observe the cloud, ask
/// <see cref="WorkspacePlanner"/> what to do, have <see cref="WorkspaceExecutor"/> do it, save, and
/// say when to look again. Failures are recorded on the step; terminal ones fail the workspace.
/// </summary>
public sealed partial class WorkspaceReconciler(
    ForgeDbContext db, WorkspaceLocks locks, IWorkspaceCloud cloud, WorkspaceExecutor executor, WorkspaceChanges changes,
    ProvisioningPipeline pipeline, WorkstationCommands commands, IEnumerable<IWorkstationLifecycleWork> lifecycleWork,
    TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceReconciler> logger) : IJobHandler
{
    public const string JobKind = "workspace";

    public string Kind => JobKind;

    public Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        return locks.RunLockedAsync(job, workerId, async () =>
        {
            var workspace = await db.Workspaces.Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == job.SubjectId, cancellationToken);
            if (workspace is null)
            {
                return JobOutcome.Done;
            }

            var outcome = await ReconcileAsync(workspace, job.CorrelationId, cancellationToken);
            changes.Notify();
            return outcome;
        }, cancellationToken);
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

            var verdict = await ObserveCommandAsync(workspace, cancellationToken);
            var shutdownPending = await ShutdownPendingAsync(workspace, cancellationToken);
            plan = WorkspacePlanner.Plan(Snapshot(workspace, verdict, shutdownPending), observed, timeProvider.GetUtcNow(), options.Value, pipeline.For(workspace));
            var outcome = await executor.ActAsync(workspace, plan, observed, steps, correlationId, cancellationToken);
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
            var counted = plan.Action is WorkspaceAction.Create or WorkspaceAction.SecureDirectory or WorkspaceAction.Stop or WorkspaceAction.Start
                or WorkspaceAction.Reboot or WorkspaceAction.Terminate;
            var step = steps.Failed(name, e.Message, countAttempt: !counted, close: false);
            LogStepFailed(logger, e, workspace.Id, step.Name, step.Attempts);
            if (terminal || step.Attempts >= options.Value.MaxStepAttempts)
            {
                steps.Failed(name, e.Message, countAttempt: false, close: true);
                executor.Finish(workspace, WorkspaceStatus.Failed, e.Message, correlationId);
                await db.SaveChangesAsync(CancellationToken.None);
                return JobOutcome.Done;
            }

            workspace.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(CancellationToken.None);
            return JobOutcome.Retry(e.Message);
        }
    }

    /// <summary>The judgement of the open pipeline step's command once it finished; null while it runs or there is none.</summary>
    private async Task<StepVerdict?> ObserveCommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var open = workspace.Steps.OrderBy(s => s.Sequence).LastOrDefault();
        if (workspace.Status != WorkspaceStatus.Provisioning || open is not { Status: StepStatus.Running, CommandId: { } commandId }
            || workspace.ManagedInstanceId is not { } instance)
        {
            return null;
        }

        var step = pipeline.Get(open.Name);
        var result = await commands.ObserveAsync(workspace.Region, commandId, instance, cancellationToken);
        if (result.Finished)
        {
            return await step.JudgeAsync(workspace, result, cancellationToken);
        }

        // A step with its own deadline (dotfiles within 30 s) judges a command still running past it as
        // timed out, the way it judges any failed command; the command itself is left to SSM's timeout.
        return step.CommandTimeout is { } timeout && timeProvider.GetUtcNow() - open.StartedAt > timeout
            ? await step.JudgeAsync(workspace, new CommandResult("TimedOut", "", $"{open.Name} did not finish within {timeout.TotalSeconds:0} s."), cancellationToken)
            : null;
    }

    private async Task<bool> ShutdownPendingAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        if (workspace.Status is not (WorkspaceStatus.Stopping or WorkspaceStatus.Terminating))
        {
            return false;
        }

        foreach (var work in lifecycleWork)
        {
            if (await work.ShutdownPendingAsync(workspace, cancellationToken))
            {
                return true;
            }
        }

        return false;
    }

    private static WorkspaceSnapshot Snapshot(Workspace w, StepVerdict? verdict, bool shutdownPending) => new(
        w.Status, w.CloudWorkspaceId, w.RequestedAt, w.ActionIssuedAt,
        [.. w.Steps.OrderBy(s => s.Sequence).Select(s => new StepSnapshot(s.Name, s.Status, s.CommandId, s.CompletedAt))], verdict, shutdownPending);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} failed (attempt {Attempts})")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid workspaceId, string step, int attempts);
}
