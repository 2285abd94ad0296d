namespace Forge.Api.Workspaces;

public enum WorkspaceAction
{
    /// <summary>Nothing to do: the workspace is at rest.</summary>
    None,

    /// <summary>The transition is under way; look again later.</summary>
    Wait,
    Create,
    Stop,
    Start,
    Reboot,
    Terminate,

    /// <summary>The transition finished: move to <see cref="WorkspacePlan.NextStatus"/>.</summary>
    Complete,

    /// <summary>A terminal error: the workspace fails with <see cref="WorkspacePlan.Error"/>.</summary>
    Fail,

    /// <summary>Before the first create: bring the directory to Forge's access and creation settings.</summary>
    SecureDirectory,

    /// <summary>Send the step's SSM document to the machine (a new attempt).</summary>
    SendCommand,

    /// <summary>The step's command finished and was judged a success.</summary>
    CompleteStep,

    /// <summary>The step's attempt failed; another follows after the step's retry delay (its repair step first).</summary>
    FailAttempt,

    /// <summary>An optional step's last attempt failed: it is recorded failed and provisioning goes on without it.</summary>
    AbandonStep,

    /// <summary>
    /// Before a stop or terminate: the machine still holds work to save (the user volume: dotfiles to
    /// persist, the volume to unmount). That work runs as a job of its own; the transition waits for it.
    /// </summary>
    PrepareShutdown,
}

/// <summary>The next thing to do for a workspace, and the step it belongs to.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Step">The step it belongs to.</param>
/// <param name="NextStatus">For <see cref="WorkspaceAction.Complete"/>: the status the workspace moves to.</param>
/// <param name="Error">For a failure: the reason, as the workspace and its step show it.</param>
/// <param name="RetryAt">For a <see cref="WorkspaceAction.Wait"/> between attempts: when the next may start (nothing is recorded meanwhile).</param>
/// <param name="TerminateCloud">For a <see cref="WorkspaceAction.Fail"/>: the WorkSpace is terminated (unless the deployment keeps failed ones).</param>
/// <param name="RepairStep">For a <see cref="WorkspaceAction.FailAttempt"/>: the step to run again before the next attempt.</param>
public sealed record WorkspacePlan(
    WorkspaceAction Action, string Step, string? NextStatus = null, string? Error = null,
    DateTimeOffset? RetryAt = null, bool TerminateCloud = false, string? RepairStep = null);

/// <summary>One row of a workspace's step list, as the planner needs it.</summary>
public sealed record StepSnapshot(string Name, string Status, string? CommandId, DateTimeOffset? CompletedAt);

/// <summary>
/// What the planner knows about a workspace: its row, reduced to what decisions need.
/// <see cref="ActionIssuedAt"/>: when the current transition's cloud call (create, stop...) was sent.
/// <see cref="Verdict"/>: the judgement of the open step's finished command, null while there is none or it still runs.
/// <see cref="ShutdownWorkPending"/>: before a stop or terminate, the machine still holds work to save first.
/// </summary>
public sealed record WorkspaceSnapshot(
    string Status, string? CloudWorkspaceId, DateTimeOffset RequestedAt, DateTimeOffset? ActionIssuedAt,
    IReadOnlyList<StepSnapshot>? Steps = null, StepVerdict? Verdict = null, bool ShutdownWorkPending = false);

public static class WorkspaceSteps
{
    public const string SecureDirectory = "secure-directory";
    public const string Create = "create-workspace";
    public const string WaitAvailable = "wait-available";
    public const string Stop = "stop-workspace";
    public const string Start = "start-workspace";
    public const string Reboot = "reboot-workspace";
    public const string Terminate = "terminate-workspace";
    public const string PrepareShutdown = "prepare-shutdown";
}

/// <summary>
/// Decides a workspace's next action from its snapshot and what the cloud shows: a pure function
/// (no database, no cloud, time passed in), so every branch has a table-driven test.
/// <para>
/// Provisioning runs: <c>secure-directory</c>, <c>create-workspace</c>, <c>wait-available</c>, then the
/// <b>provisioning pipeline</b>: an ordered list of <see cref="PipelineStep"/>s (today <c>join-domain</c>,
/// <c>apply-security-profile</c>, <c>verify-security-profile</c>), each an SSM document run on the
/// machine. The first step whose latest row has not succeeded is the current one: it is sent, its
/// command is polled on later passes, and its finished result is judged; a failed attempt is
/// retried after the step's delay (re-running its repair step first) until its attempts are spent,
/// then the workspace fails and its WorkSpace is terminated. The workspace is ready when every
/// step has succeeded.
/// </para>
/// <para>
/// <b>Extension point:</b> a capability adds a step (mount the user volume, sync dotfiles, inject
/// secrets) by implementing <see cref="IWorkstationStep"/> and registering it with
/// <c>services.AddWorkstationStep&lt;T&gt;()</c>; steps run in registration order, and
/// <see cref="IWorkstationStep.AppliesTo"/> leaves a step out for workspaces that do not need it.
/// Neither this planner nor the executor changes.
/// </para>
/// </summary>
public static partial class WorkspacePlanner
{
    public static WorkspacePlan Plan(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options,
        IReadOnlyList<PipelineStep>? pipeline = null)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        return workspace.Status switch
        {
            WorkspaceStatus.Provisioning => PlanProvisioning(workspace, cloud, now, options, pipeline ?? []),
            WorkspaceStatus.Stopping => PlanTransition(workspace, cloud, now, options, WorkspaceSteps.Stop, WorkspaceAction.Stop,
                from: CloudStates.Available, to: CloudStates.Stopped, WorkspaceStatus.Stopped),
            WorkspaceStatus.Starting => PlanTransition(workspace, cloud, now, options, WorkspaceSteps.Start, WorkspaceAction.Start,
                from: CloudStates.Stopped, to: CloudStates.Available, WorkspaceStatus.Ready),
            WorkspaceStatus.Rebooting => PlanReboot(workspace, cloud, now, options),
            WorkspaceStatus.Terminating => PlanTerminate(workspace, cloud, now, options),
            _ => new WorkspacePlan(WorkspaceAction.None, ""),
        };
    }

    private static WorkspacePlan PlanProvisioning(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options,
        IReadOnlyList<PipelineStep> pipeline)
    {
        var steps = workspace.Steps ?? [];
        var secured = Latest(steps, WorkspaceSteps.SecureDirectory)?.Status == StepStatus.Succeeded;
        var step = workspace.CloudWorkspaceId is not null ? WorkspaceSteps.WaitAvailable : secured ? WorkspaceSteps.Create : WorkspaceSteps.SecureDirectory;
        if (now - workspace.RequestedAt > options.ProvisionTimeout)
        {
            // Whatever the cloud built or is building goes too: a failed workspace leaves nothing running.
            return new WorkspacePlan(WorkspaceAction.Fail, step, Error: $"The workspace was not ready within {options.ProvisionTimeout}.", TerminateCloud: true);
        }

        if (workspace.CloudWorkspaceId is null)
        {
            return new WorkspacePlan(secured ? WorkspaceAction.Create : WorkspaceAction.SecureDirectory, step);
        }

        if (cloud is null && workspace.ActionIssuedAt is { } createdAt && now - createdAt >= options.CreatedWorkspaceGoneAfter)
        {
            return new WorkspacePlan(WorkspaceAction.Create, WorkspaceSteps.Create);
        }

        return cloud?.State switch
        {
            null or CloudStates.Pending => new WorkspacePlan(WorkspaceAction.Wait, step),
            CloudStates.Available => PlanPipeline(workspace, steps, now, pipeline),
            CloudStates.Error or CloudStates.Unhealthy => new WorkspacePlan(WorkspaceAction.Fail, step,
                Error: $"The WorkSpace is {cloud.State}: {cloud.ErrorCode} {cloud.ErrorMessage}".TrimEnd(), TerminateCloud: true),
            CloudStates.Terminating or CloudStates.Terminated => new WorkspacePlan(WorkspaceAction.Fail, step,
                Error: "The WorkSpace was terminated outside Forge while it was being built."),
            CloudStates.Stopped when workspace.ActionIssuedAt is { } issued && now - issued < options.SettleTime =>
                new WorkspacePlan(WorkspaceAction.Wait, step),
            // AUTO_STOP stopped it before Forge saw it AVAILABLE (a slow pass, a restart of Forge): start it and go on.
            CloudStates.Stopped => new WorkspacePlan(WorkspaceAction.Start, step),
            _ => new WorkspacePlan(WorkspaceAction.Wait, step),
        };
    }

    // Stop and start: send the call once the cloud is in the state it applies to, then wait for the target state.
    private static WorkspacePlan PlanTransition(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options,
        string step, WorkspaceAction action, string from, string to, string nextStatus)
    {
        if (cloud is null)
        {
            return new WorkspacePlan(WorkspaceAction.Fail, step, Error: "The WorkSpace no longer exists in the cloud.");
        }

        if (cloud.State == to)
        {
            return new WorkspacePlan(WorkspaceAction.Complete, step, nextStatus);
        }

        if (action == WorkspaceAction.Stop && NeedsShutdownWork(workspace, cloud))
        {
            return new WorkspacePlan(WorkspaceAction.PrepareShutdown, WorkspaceSteps.PrepareShutdown);
        }

        var unsent = workspace.ActionIssuedAt is null || now - workspace.ActionIssuedAt.Value >= options.SettleTime;
        return cloud.State == from && unsent ? new WorkspacePlan(action, step) : new WorkspacePlan(WorkspaceAction.Wait, step);
    }

    // Saving needs a running machine and comes before the call: once a stop or terminate is sent, it is too late.
    private static bool NeedsShutdownWork(WorkspaceSnapshot workspace, CloudWorkspace? cloud) =>
        workspace.ShutdownWorkPending && cloud?.State == CloudStates.Available && workspace.ActionIssuedAt is null;

    private static WorkspacePlan PlanReboot(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        if (cloud is null)
        {
            return new WorkspacePlan(WorkspaceAction.Fail, WorkspaceSteps.Reboot, Error: "The WorkSpace no longer exists in the cloud.");
        }

        if (workspace.ActionIssuedAt is null)
        {
            return cloud.State == CloudStates.Available
                ? new WorkspacePlan(WorkspaceAction.Reboot, WorkspaceSteps.Reboot)
                : new WorkspacePlan(WorkspaceAction.Wait, WorkspaceSteps.Reboot);
        }

        // AVAILABLE is both where a reboot starts and where it ends: only after the settle time does it mean "done".
        return cloud.State == CloudStates.Available && now - workspace.ActionIssuedAt.Value >= options.SettleTime
            ? new WorkspacePlan(WorkspaceAction.Complete, WorkspaceSteps.Reboot, WorkspaceStatus.Ready)
            : new WorkspacePlan(WorkspaceAction.Wait, WorkspaceSteps.Reboot);
    }

    private static WorkspacePlan PlanTerminate(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        var step = WorkspaceSteps.Terminate;
        if (cloud?.State == CloudStates.Terminated || (cloud is null && workspace.ActionIssuedAt is not null))
        {
            return new WorkspacePlan(WorkspaceAction.Complete, step, WorkspaceStatus.Terminated);
        }

        if (cloud?.State == CloudStates.Terminating)
        {
            return new WorkspacePlan(WorkspaceAction.Wait, step);
        }

        if (NeedsShutdownWork(workspace, cloud))
        {
            return new WorkspacePlan(WorkspaceAction.PrepareShutdown, WorkspaceSteps.PrepareShutdown);
        }

        // Unsent, or sent long enough ago that an unchanged state means it did not take: (re)send.
        // With no known WorkSpace the executor first looks for one an interrupted create may have made.
        var unsent = workspace.ActionIssuedAt is null || now - workspace.ActionIssuedAt.Value >= options.SettleTime;
        return unsent ? new WorkspacePlan(WorkspaceAction.Terminate, step) : new WorkspacePlan(WorkspaceAction.Wait, step);
    }
}
