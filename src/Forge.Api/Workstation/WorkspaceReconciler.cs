using Forge.Api.Audit;
using Forge.Api.Cloud;
using Forge.Api.Jobs;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkspaceState = Forge.Aws.WorkSpaces.WorkspaceState;

namespace Forge.Api.Workstation;

/// <summary>
/// The one actor of a workspace: its job (one open at a time; the job's claim, kept alive by the
/// queue's heartbeat, is the workspace's lock). Each pass is strictly snapshot → plan → act: read the
/// workspace, what the cloud shows and how its open command ended; ask <see cref="WorkstationPlanner"/>;
/// have <see cref="CloudStepExecutor"/> or <see cref="CommandStepExecutor"/> act; save once; look
/// again when the plan says. It owns all of the workspace's desired state: its status's transition,
/// a dotfile sync or secret injection that is due, and what the cloud did outside Forge.
/// </summary>
public sealed partial class WorkspaceReconciler(
    ForgeDbContext db, IWorkspaceCloud cloud, WorkstationStepCatalog catalog, WorkstationCommands commands, CloudStepExecutor cloudSteps,
    CommandStepExecutor commandSteps, WorkspaceChanges changes, AuditLog audit, ProvisioningRecorder provisioning, TimeProvider timeProvider,
    IOptions<WorkspaceOptions> options, ILogger<WorkspaceReconciler> logger) : IJobHandler
{
    public const string JobKind = "workspace";

    public string Kind => JobKind;

    public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var workspace = await db.Workspaces.Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == job.SubjectId, cancellationToken);
        if (workspace is null)
        {
            return JobOutcome.Done;
        }

        if (workspace.Pool is not null && workspace.ClaimedAt is null)
        {
            // A member nobody has claimed: its calls let those of the workstations people wait for go first.
            Forge.Aws.AwsCallUrgency.MarkBackground();
        }

        var outcome = await ReconcileAsync(workspace, job.CorrelationId, cancellationToken);
        changes.Notify();
        return outcome;
    }

    private async Task<JobOutcome> ReconcileAsync(Workspace workspace, string? correlationId, CancellationToken cancellationToken)
    {
        if (workspace.Status is WorkspaceStatus.Terminated or WorkspaceStatus.Failed && workspace.Transition is null)
        {
            return JobOutcome.Done; // Nothing left to watch.
        }

        var steps = new WorkspaceStepRecorder(workspace, timeProvider);
        var plan = new WorkstationPlan(WorkstationAction.None, "", null);
        try
        {
            var observed = workspace.CloudWorkspaceId is { } id ? await cloud.DescribeAsync(id, workspace.Region, cancellationToken) : null;
            if (observed is not null && observed.State != workspace.CloudState)
            {
                workspace.CloudState = observed.State;
            }

            // Whether a volume is mounted decides only the steps that save and release it, which a provisioning never has.
            var context = new StepContext(workspace, workspace.Status != WorkspaceStatus.Provisioning
                && await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspace.Id, cancellationToken));
            var verdicts = await ObserveCommandsAsync(workspace, cancellationToken);
            var applicable = catalog.Applicable(context);
            plan = WorkstationPlanner.Plan(Snapshot(workspace, verdicts), observed, timeProvider.GetUtcNow(), options.Value, applicable);
            if (plan.Action == WorkstationAction.Begin)
            {
                // Beginning a transition changes only this row: its first step is planned and acted on in the same pass.
                Begin(workspace, plan.Transition, steps);
                verdicts.Clear(); // They judged steps of the transition just replaced.
                plan = WorkstationPlanner.Plan(Snapshot(workspace, verdicts), observed, timeProvider.GetUtcNow(), options.Value, applicable);
            }

            await ActAsync(workspace, plan, observed, verdicts.GetValueOrDefault(plan.Step), steps, correlationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            return plan.LookAgain is { } delay ? JobOutcome.LookAgainAfter(delay) : JobOutcome.Done;
        }
        catch (DbUpdateConcurrencyException) when (plan.Action == WorkstationAction.Create && workspace.CloudWorkspaceId is { } made)
        {
            // The API changed the workspace meanwhile (a delete during the create): keep what the cloud
            // made, so the next pass acts on it instead of looking for it, then reconcile afresh.
            await db.Workspaces.Where(w => w.Id == workspace.Id && w.CloudWorkspaceId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.CloudWorkspaceId, made), CancellationToken.None);
            return JobOutcome.LookAgainAfter(TimeSpan.Zero);
        }
        catch (DbUpdateConcurrencyException)
        {
            // The API changed the workspace meanwhile (a stop, a delete): plan again from what it says now.
            return JobOutcome.LookAgainAfter(TimeSpan.Zero);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && e is not DbUpdateException)
        {
            return await RecordFailureAsync(workspace, plan, e, steps, correlationId);
        }
    }

    private async Task ActAsync(Workspace workspace, WorkstationPlan plan, CloudWorkspace? observed, StepVerdict? verdict,
        WorkspaceStepRecorder steps, string? correlationId, CancellationToken cancellationToken)
    {
        switch (plan.Action)
        {
            case WorkstationAction.None:
                return;
            case WorkstationAction.Wait:
                if (plan.Step.Length > 0 && workspace.Steps.LastOrDefault(s => s.Name == plan.Step)?.Status != StepStatus.Failed)
                {
                    steps.Waiting(plan.Step); // Only the step records the poll: the workspace row changes when something happens.
                }

                return;
            case WorkstationAction.Begin:
                Begin(workspace, plan.Transition, steps);
                return;
            case WorkstationAction.Observed:
                LogObserved(logger, workspace.Id, workspace.Status, plan.NextStatus!, observed?.State ?? "no WorkSpace");
                Finish(workspace, plan.NextStatus!, null, correlationId, detail: plan.Error);
                if (plan.NextStatus == WorkspaceStatus.Rebooting)
                {
                    workspace.ActionIssuedAt = timeProvider.GetUtcNow(); // Under way already: the reboot step only waits for it.
                }

                return;
            case WorkstationAction.Complete:
                Connect(workspace, observed);
                Finish(workspace, plan.NextStatus!, null, correlationId);
                return;
            case WorkstationAction.Fail:
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                steps.Interrupted($"Interrupted: {plan.Step} failed."); // Steps that ran beside it.
                if (plan.TerminateCloud && !options.Value.KeepFailedWorkspaces)
                {
                    await cloudSteps.TerminateFailedAsync(workspace, cancellationToken);
                }

                Finish(workspace, WorkspaceStatus.Failed, plan.Error, correlationId);
                return;
            case WorkstationAction.CompleteStep when StepNames.IsCloudStep(plan.Step):
                steps.Succeeded(plan.Step);
                return;
            case WorkstationAction.SecureDirectory or WorkstationAction.BindIdentity or WorkstationAction.Create or WorkstationAction.Start or WorkstationAction.Stop
                or WorkstationAction.Reboot or WorkstationAction.Terminate:
                workspace.UpdatedAt = timeProvider.GetUtcNow();
                await cloudSteps.ActAsync(workspace, plan, steps, cancellationToken);
                return;
            default:
                await commandSteps.ActAsync(workspace, plan, verdict, steps, cancellationToken);
                return;
        }
    }

    /// <summary>
    /// Starts a transition (or, with null, ends one whose reason went away): its steps are the rows after
    /// this point, a step still open belongs to the one replaced and ends failed, and what the new one
    /// covers is no longer due.
    /// </summary>
    private void Begin(Workspace workspace, Transition? transition, WorkspaceStepRecorder steps)
    {
        steps.Interrupted($"Interrupted: the workspace went on to {transition?.Name ?? workspace.Status}.");
        LogBegin(logger, workspace.Id, transition?.Name ?? "(none)", workspace.Transition ?? "(none)");
        workspace.Transition = transition?.Name;
        // A new workspace's provisioning owns every row from the first; any other transition starts after the existing ones.
        workspace.TransitionStepsAfter = transition == Transitions.Provision || transition == Transitions.BuildMember ? 0 : workspace.Steps.Select(s => s.Sequence).DefaultIfEmpty(0).Max();
        workspace.DotfileSyncDue &= !(transition == Transitions.SyncDotfiles || transition == Transitions.Stop || transition == Transitions.Terminate
            || transition == Transitions.Start);
        workspace.SecretsDue &= !(transition == Transitions.InjectSecrets || transition == Transitions.Start || transition == Transitions.Provision
            || transition == Transitions.Claim);
    }

    /// <summary>
    /// By step name, the judgement of each open command step's command that finished (or ran past its deadline):
    /// one step at a time, or several where steps run side by side. A command still running has none.
    /// </summary>
    private async Task<Dictionary<string, StepVerdict>> ObserveCommandsAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var verdicts = new Dictionary<string, StepVerdict>(StringComparer.Ordinal);
        if (workspace.ManagedInstanceId is not { } instance)
        {
            return verdicts;
        }

        var open = workspace.Steps.Where(s => s is { Status: StepStatus.Running, CommandId: not null } && s.Sequence > workspace.TransitionStepsAfter
            && !StepNames.IsCloudStep(s.Name));
        foreach (var row in open)
        {
            var step = catalog.Get(row.Name);
            var result = await commands.ObserveAsync(workspace.Region, row.CommandId!, instance, cancellationToken);
            if (result.Finished)
            {
                verdicts[row.Name] = await step.JudgeAsync(workspace, result, cancellationToken);
            }
            else if (step.CommandTimeout is { } timeout && timeProvider.GetUtcNow() - row.StartedAt > timeout)
            {
                // A step with its own deadline (dotfiles within 30 s) judges a command still running past it as
                // timed out, the way it judges any failed command; the command itself is left to SSM's timeout.
                verdicts[row.Name] = await step.JudgeAsync(workspace,
                    new CommandResult("TimedOut", -1, "", $"{row.Name} did not finish within {timeout.TotalSeconds:0} s."), cancellationToken);
            }
        }

        return verdicts;
    }

    /// <summary>A pass that threw: the failure is recorded on its step; terminal ones, or one attempt too many, fail the workspace.</summary>
    private async Task<JobOutcome> RecordFailureAsync(Workspace workspace, WorkstationPlan plan, Exception e, WorkspaceStepRecorder steps, string? correlationId)
    {
        var terminal = e is WorkspaceCloudException { Terminal: true };
        var name = plan.Step is { Length: > 0 } planned ? planned : StepNames.Observe;
        // A cloud call's attempt was counted when it was made; any other failure is an attempt of its own.
        var counted = plan.Action is WorkstationAction.Create or WorkstationAction.SecureDirectory or WorkstationAction.BindIdentity or WorkstationAction.Stop or WorkstationAction.Start
            or WorkstationAction.Reboot or WorkstationAction.Terminate;
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

    /// <summary>Ends a transition (or records one that happened outside Forge): the new status, its time, the provisioning metric, the audit entry.</summary>
    private void Finish(Workspace workspace, string status, string? error, string? correlationId, string? detail = null)
    {
        var now = timeProvider.GetUtcNow();
        var previous = workspace.Status;
        workspace.Transition = null;
        workspace.ActionIssuedAt = null;
        if (status == previous)
        {
            return; // A ready workstation's chore ended: nothing changed that the owner sees.
        }

        workspace.Status = status;
        workspace.Error = error;
        workspace.UpdatedAt = now;
        // A member's build is Forge's own, not a developer's request: it joins the pool, and only its claim is measured.
        var wasProvisioning = previous == WorkspaceStatus.Provisioning;
        var measured = wasProvisioning && !workspace.IsUnclaimedPoolMember;
        if (status == WorkspaceStatus.Ready && wasProvisioning)
        {
            workspace.ReadyAt = now;
            if (measured)
            {
                provisioning.Stage(workspace, ProvisioningOutcomes.Ready, now);
            }
            else
            {
                workspace.PooledAt = now;
            }
        }
        else if (status == WorkspaceStatus.Failed)
        {
            workspace.FailedAt = now;
            if (measured)
            {
                provisioning.Stage(workspace, ProvisioningOutcomes.Failed, now);
            }
        }
        else if (status == WorkspaceStatus.Terminated)
        {
            workspace.TerminatedAt = now;
            // The cloud may stop showing a WorkSpace once it is gone: the last state seen (TERMINATING) is not its end.
            workspace.CloudState = WorkspaceState.Terminated;
        }

        audit.Stage(AuditLog.SystemActor, "workspace." + status, workspace.Id.ToString(),
            status == WorkspaceStatus.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded, correlationId, error ?? detail);
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

    private static WorkstationSnapshot Snapshot(Workspace w, IReadOnlyDictionary<string, StepVerdict> verdicts) => new(
        w.Status, w.Transition, w.CloudWorkspaceId, w.RequestedAt, w.ActionIssuedAt,
        [.. w.Steps.Where(s => s.Sequence > w.TransitionStepsAfter).OrderBy(s => s.Sequence)
            .Select(s => new StepSnapshot(s.Name, s.Status, s.CommandId, s.CompletedAt))],
        verdicts, w.DotfileSyncDue, w.SecretsDue, w.Pool is null ? PoolRole.None : w.ClaimedAt is null ? PoolRole.Member : PoolRole.Claimed);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} failed (attempt {Attempts})")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, Guid workspaceId, string step, int attempts);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} is now {Status}")]
    private static partial void LogFinished(ILogger logger, Guid workspaceId, string status);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} begins {Transition} (was {Previous})")]
    private static partial void LogBegin(ILogger logger, Guid workspaceId, string transition, string previous);

    [LoggerMessage(EventId = 3011, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} was {Status} in Forge but the cloud shows {CloudState}: now {Next}")]
    private static partial void LogObserved(ILogger logger, Guid workspaceId, string status, string next, string cloudState);
}
