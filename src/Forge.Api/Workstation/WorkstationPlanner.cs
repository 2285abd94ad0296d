using Forge.Api.Cloud;
using Forge.Api.Workspaces;
using WorkspaceState = Forge.Aws.WorkSpaces.WorkspaceState;

namespace Forge.Api.Workstation;

public enum WorkstationAction
{
    /// <summary>Nothing to do: the workspace is at rest and the cloud agrees.</summary>
    None,

    /// <summary>The step is under way; look again after the plan's delay.</summary>
    Wait,

    /// <summary>Start <see cref="WorkstationPlan.Transition"/> (or, when null, end an abandoned one): its steps are recorded from here.</summary>
    Begin,

    /// <summary>At rest, the cloud shows the WorkSpace changed outside Forge: move to <see cref="WorkstationPlan.NextStatus"/>.</summary>
    Observed,

    /// <summary>Before the first create: bring the directory to Forge's access and creation settings.</summary>
    SecureDirectory,

    /// <summary>A claimed pool member: bind its pool identity to the owner (names, e-mail, groups, a fresh password).</summary>
    BindIdentity,
    Create,
    Start,
    Stop,
    Reboot,
    Terminate,

    /// <summary>Send the step's SSM document to the machine (a new attempt).</summary>
    SendCommand,

    /// <summary>The step is done: a cloud step reached its state, or its command was judged a success.</summary>
    CompleteStep,

    /// <summary>The step's attempt failed; another follows after the step's retry delay (its repair step first).</summary>
    FailAttempt,

    /// <summary>An optional step's last attempt failed: recorded failed, and the transition goes on without it.</summary>
    AbandonStep,

    /// <summary>A step that needs a running machine, on one that is not running: recorded skipped with the reason.</summary>
    SkipStep,

    /// <summary>Every step done: the workspace moves to <see cref="WorkstationPlan.NextStatus"/>.</summary>
    Complete,

    /// <summary>A terminal error: the workspace fails with <see cref="WorkstationPlan.Error"/>.</summary>
    Fail,
}

/// <summary>The next thing to do for a workspace, the step it belongs to, and when to look again after it.</summary>
/// <param name="Action">What to do.</param>
/// <param name="Step">The step it belongs to ("" when none).</param>
/// <param name="LookAgain">When the job looks again after acting; null: it is done until something wakes it.</param>
/// <param name="NextStatus">For <see cref="WorkstationAction.Complete"/> and <see cref="WorkstationAction.Observed"/>: the status the workspace moves to.</param>
/// <param name="Error">For a failure or a skip: the reason, as the workspace and its step show it.</param>
/// <param name="Transition">For <see cref="WorkstationAction.Begin"/>: the transition to start, null to end one.</param>
/// <param name="TerminateCloud">For <see cref="WorkstationAction.Fail"/>: the WorkSpace is terminated (unless the deployment keeps failed ones).</param>
/// <param name="RepairStep">For <see cref="WorkstationAction.FailAttempt"/>: the step to run again before the next attempt.</param>
public sealed record WorkstationPlan(
    WorkstationAction Action, string Step, TimeSpan? LookAgain, string? NextStatus = null, string? Error = null,
    Transition? Transition = null, bool TerminateCloud = false, string? RepairStep = null);

/// <summary>One row of a workspace's step list, as the planner needs it.</summary>
public sealed record StepSnapshot(string Name, string Status, string? CommandId, DateTimeOffset? CompletedAt);

/// <summary>
/// What the planner knows about a workspace: its row reduced to what decisions need.
/// <see cref="Steps"/>: the current transition's steps only. <see cref="ActionIssuedAt"/>: when the
/// transition's cloud call (create, stop...) was sent. <see cref="Verdicts"/>: by step name, the judgement
/// of each open step's finished command (several where steps run side by side); a step whose command still
/// runs has none.
/// </summary>
public sealed record WorkstationSnapshot(
    string Status, string? Transition, string? CloudWorkspaceId, DateTimeOffset RequestedAt, DateTimeOffset? ActionIssuedAt,
    IReadOnlyList<StepSnapshot> Steps, IReadOnlyDictionary<string, StepVerdict>? Verdicts = null, bool DotfileSyncDue = false,
    bool SecretsDue = false, PoolRole PoolRole = PoolRole.None);

/// <summary>
/// Decides a workspace's next action from its snapshot and what the cloud shows: a pure function (no
/// database, no cloud, time passed in), so every branch has a table-driven test.
/// <para>
/// Level-based: the status (and, for a ready workstation, a dotfile sync or secret injection that is
/// due) says which <see cref="Transitions">transition</see> the workspace needs; if it is not the one
/// under way, it begins. Within a transition the first stage with a step whose latest row has neither
/// succeeded nor been skipped is the current one, and in it the first such step that has something to
/// do (a step whose command runs waits beside it). A cloud step sends its call once the cloud is in the state
/// it applies to and completes when the cloud shows its target; a command step sends its document,
/// is looked at on later passes, and is judged; a failed attempt is retried after the step's delay
/// (its repair step first) until its attempts are spent. At rest, the planner compares Forge's
/// status with the cloud's and follows what happened outside Forge.
/// </para>
/// </summary>
public static class WorkstationPlanner
{
    public static WorkstationPlan Plan(WorkstationSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options,
        IReadOnlyDictionary<string, PlannedStep> commandSteps)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(commandSteps);
        var wanted = Wanted(workspace);
        if (wanted?.Name != workspace.Transition)
        {
            return new WorkstationPlan(WorkstationAction.Begin, "", TimeSpan.Zero, Transition: wanted);
        }

        return wanted is null ? AtRest(workspace, cloud, options) : InTransition(workspace, wanted, cloud, now, options, commandSteps);
    }

    /// <summary>The transition the workspace needs: its status's, else a chore of a ready workstation (the one under way first).</summary>
    public static Transition? Wanted(WorkstationSnapshot workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (Transitions.ForStatus(workspace.Status, workspace.PoolRole) is { } forStatus)
        {
            return forStatus;
        }

        if (workspace.Status != WorkspaceStatus.Ready)
        {
            return null;
        }

        if (Transitions.Named(workspace.Transition) is { } chore && (chore == Transitions.SyncDotfiles || chore == Transitions.InjectSecrets))
        {
            return chore;
        }

        return workspace.DotfileSyncDue ? Transitions.SyncDotfiles : workspace.SecretsDue ? Transitions.InjectSecrets : null;
    }

    /// <summary>At rest Forge follows the cloud: what AWS (AUTO_STOP) or someone in the console did shows in Forge's status.</summary>
    private static WorkstationPlan AtRest(WorkstationSnapshot workspace, CloudWorkspace? cloud, WorkspaceOptions options)
    {
        var state = cloud?.State;
        return workspace.Status switch
        {
            WorkspaceStatus.Ready or WorkspaceStatus.Stopped when workspace.CloudWorkspaceId is not null
                && (cloud is null || state is WorkspaceState.Terminated or WorkspaceState.Terminating) =>
                Observed(WorkspaceStatus.Terminating, "The WorkSpace was terminated outside Forge."),
            WorkspaceStatus.Ready => state switch
            {
                WorkspaceState.Stopped => Observed(WorkspaceStatus.Stopped, "The WorkSpace was stopped outside Forge (AUTO_STOP, or by hand)."),
                WorkspaceState.Rebooting => Observed(WorkspaceStatus.Rebooting, "The WorkSpace was rebooted outside Forge."),
                WorkspaceState.Stopping => new WorkstationPlan(WorkstationAction.Wait, "", options.PollInterval),
                _ => new WorkstationPlan(WorkstationAction.None, "", null),
            },
            WorkspaceStatus.Stopped => state switch
            {
                WorkspaceState.Available => Observed(WorkspaceStatus.Starting, "The WorkSpace was started outside Forge."),
                WorkspaceState.Starting => new WorkstationPlan(WorkstationAction.Wait, "", options.PollInterval),
                _ => new WorkstationPlan(WorkstationAction.None, "", null),
            },
            _ => new WorkstationPlan(WorkstationAction.None, "", null),
        };
    }

    /// <summary>
    /// Whether the cloud's <paramref name="cloudState"/> (null: it shows no WorkSpace) differs from what
    /// a workspace at rest in <paramref name="status"/> should show, so its job must follow it: the sweep
    /// asks this of every workspace at rest, and wakes only those.
    /// </summary>
    public static bool CloudDisagrees(string status, string? cloudState) => status switch
    {
        WorkspaceStatus.Ready => cloudState is null or WorkspaceState.Stopped or WorkspaceState.Stopping or WorkspaceState.Rebooting
            or WorkspaceState.Terminating or WorkspaceState.Terminated,
        WorkspaceStatus.Stopped => cloudState is null or WorkspaceState.Available or WorkspaceState.Starting
            or WorkspaceState.Terminating or WorkspaceState.Terminated,
        _ => false,
    };

    private static WorkstationPlan Observed(string status, string reason) =>
        new(WorkstationAction.Observed, "", TimeSpan.Zero, NextStatus: status, Error: reason);

    private static WorkstationPlan InTransition(WorkstationSnapshot workspace, Transition transition, CloudWorkspace? cloud, DateTimeOffset now,
        WorkspaceOptions options, IReadOnlyDictionary<string, PlannedStep> commandSteps)
    {
        if (Transitions.Provisions(transition) && now - workspace.RequestedAt > options.ProvisionTimeout)
        {
            // Whatever the cloud built or is building goes too: a failed workspace leaves nothing running.
            return Fail(CurrentStep(workspace, transition, commandSteps) ?? StepNames.Create,
                $"The workspace was not ready within {options.ProvisionTimeout}.", terminateCloud: true);
        }

        foreach (var stage in transition.Stages)
        {
            var open = stage.Where(name => !Finished(name, workspace, commandSteps)).ToList();
            if (open.Count == 0)
            {
                continue;
            }

            if (StepNames.IsCloudStep(open[0]))
            {
                return CloudStep(open[0], workspace, cloud, now, options); // Cloud steps have a stage of their own.
            }

            // The first step with something to do acts; the others whose commands run (or wait to retry) wait beside it.
            WorkstationPlan? soonest = null;
            foreach (var name in open)
            {
                var rows = workspace.Steps.Where(s => s.Name == name).ToList();
                var plan = CommandStep(commandSteps[name], rows, workspace, transition, cloud, now, options);
                if (plan.Action != WorkstationAction.Wait)
                {
                    // With another step of the stage still to send, its command goes out in the next pass, not after a poll.
                    return plan.Action == WorkstationAction.SendCommand && open.Any(other => other != name && Unsent(other, workspace))
                        ? plan with { LookAgain = TimeSpan.Zero }
                        : plan;
                }

                soonest = soonest is null || plan.LookAgain < soonest.LookAgain ? plan : soonest;
            }

            return soonest!;
        }

        return new WorkstationPlan(WorkstationAction.Complete, "", TimeSpan.Zero, NextStatus: transition.EndStatus);
    }

    /// <summary>Done for this transition: succeeded, skipped, given up, or not applicable to this workspace.</summary>
    private static bool Finished(string name, WorkstationSnapshot workspace, IReadOnlyDictionary<string, PlannedStep> commandSteps)
    {
        if (!StepNames.IsCloudStep(name) && !commandSteps.ContainsKey(name))
        {
            return true; // Does not apply to this workspace.
        }

        var rows = workspace.Steps.Where(s => s.Name == name).ToList();
        return rows.LastOrDefault()?.Status is StepStatus.Succeeded or StepStatus.Skipped || GivenUp(name, rows, commandSteps);
    }

    /// <summary>A command step with no command out: none sent yet, or its last attempt failed.</summary>
    private static bool Unsent(string name, WorkstationSnapshot workspace) =>
        workspace.Steps.LastOrDefault(s => s.Name == name) is not { Status: StepStatus.Running, CommandId: not null };

    /// <summary>An optional command step whose attempts are spent and the last one failed: the transition goes on without it.</summary>
    private static bool GivenUp(string name, List<StepSnapshot> rows, IReadOnlyDictionary<string, PlannedStep> commandSteps) =>
        commandSteps.TryGetValue(name, out var definition) && definition.IsOptional
        && rows.Count >= definition.MaxAttempts && rows[^1].Status == StepStatus.Failed;

    private static string? CurrentStep(WorkstationSnapshot workspace, Transition transition, IReadOnlyDictionary<string, PlannedStep> commandSteps) =>
        transition.Steps.FirstOrDefault(n => (StepNames.IsCloudStep(n) || commandSteps.ContainsKey(n))
            && workspace.Steps.LastOrDefault(s => s.Name == n)?.Status is not (StepStatus.Succeeded or StepStatus.Skipped)
            && !GivenUp(n, [.. workspace.Steps.Where(s => s.Name == n)], commandSteps));

    private static WorkstationPlan CloudStep(string step, WorkstationSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        var poll = options.PollInterval;
        // Unsent, or sent long enough ago that an unchanged state means it did not take: (re)send.
        var unsent = workspace.ActionIssuedAt is null || now - workspace.ActionIssuedAt.Value >= options.SettleTime;
        switch (step)
        {
            case StepNames.SecureDirectory:
                return new WorkstationPlan(WorkstationAction.SecureDirectory, step, TimeSpan.Zero);
            case StepNames.BindIdentity:
                return new WorkstationPlan(WorkstationAction.BindIdentity, step, TimeSpan.Zero);
            case StepNames.Create:
                return workspace.CloudWorkspaceId is null
                    ? new WorkstationPlan(WorkstationAction.Create, step, poll)
                    : Done(step);
            case StepNames.WaitAvailable:
                return MachineNotRunning(step, workspace, cloud, now, options) ?? Done(step);
            case StepNames.Start:
                return cloud is null ? Fail(step, "The WorkSpace no longer exists in the cloud.")
                    : cloud.State == WorkspaceState.Available ? Done(step)
                    : cloud.State == WorkspaceState.Stopped && unsent ? new WorkstationPlan(WorkstationAction.Start, step, poll)
                    : Wait(step, poll);
            case StepNames.Stop:
                return cloud is null ? Fail(step, "The WorkSpace no longer exists in the cloud.")
                    : cloud.State == WorkspaceState.Stopped ? Done(step)
                    : cloud.State == WorkspaceState.Available && unsent ? new WorkstationPlan(WorkstationAction.Stop, step, poll)
                    : Wait(step, poll);
            case StepNames.Reboot:
                if (cloud is null)
                {
                    return Fail(step, "The WorkSpace no longer exists in the cloud.");
                }

                if (workspace.ActionIssuedAt is null)
                {
                    return cloud.State == WorkspaceState.Available ? new WorkstationPlan(WorkstationAction.Reboot, step, poll) : Wait(step, poll);
                }

                // AVAILABLE is both where a reboot starts and where it ends: only after the settle time does it mean "done".
                return cloud.State == WorkspaceState.Available && now - workspace.ActionIssuedAt.Value >= options.SettleTime ? Done(step) : Wait(step, poll);
            default: // Terminate
                if (cloud?.State == WorkspaceState.Terminated || (cloud is null && workspace.ActionIssuedAt is not null))
                {
                    return Done(step);
                }

                // With no known WorkSpace the executor first looks for one an interrupted create may have made.
                return cloud?.State != WorkspaceState.Terminating && unsent ? new WorkstationPlan(WorkstationAction.Terminate, step, poll) : Wait(step, poll);
        }
    }

    /// <summary>
    /// While a new or starting workstation is not (yet, or no longer) running: the plan that gets it
    /// running, or null when it runs. AUTO_STOP may stop it before Forge saw it AVAILABLE (a slow pass, a
    /// restart of Forge): then it is started again and the transition goes on.
    /// </summary>
    private static WorkstationPlan? MachineNotRunning(string step, WorkstationSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        if (workspace.CloudWorkspaceId is null)
        {
            return new WorkstationPlan(WorkstationAction.Create, StepNames.Create, options.PollInterval);
        }

        if (cloud is null && workspace.Status == WorkspaceStatus.Provisioning && workspace.ActionIssuedAt is { } createdAt
            && now - createdAt >= options.CreatedWorkspaceGoneAfter)
        {
            return new WorkstationPlan(WorkstationAction.Create, StepNames.Create, options.PollInterval);
        }

        var settled = workspace.ActionIssuedAt is not { } issued || now - issued >= options.SettleTime;
        return cloud?.State switch
        {
            WorkspaceState.Available => null,
            null or WorkspaceState.Pending => Wait(step, options.PollInterval),
            WorkspaceState.Error or WorkspaceState.Unhealthy => Fail(step,
                $"The WorkSpace is {cloud.State}: {cloud.ErrorCode} {cloud.ErrorMessage}".TrimEnd(), terminateCloud: true),
            WorkspaceState.Terminating or WorkspaceState.Terminated => Fail(step, "The WorkSpace was terminated outside Forge."),
            WorkspaceState.Stopped when settled => new WorkstationPlan(WorkstationAction.Start, step, options.PollInterval),
            _ => Wait(step, options.PollInterval),
        };
    }

    private static WorkstationPlan CommandStep(PlannedStep definition, List<StepSnapshot> rows, WorkstationSnapshot workspace, Transition transition,
        CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        var name = definition.Name;
        var last = rows.LastOrDefault();
        var inFlight = last is { Status: StepStatus.Running, CommandId: not null };
        if (inFlight && workspace.Verdicts?.GetValueOrDefault(name) is { } verdict)
        {
            return Judged(definition, rows.Count, verdict, transition);
        }

        if (cloud?.State != WorkspaceState.Available)
        {
            if (transition.NeedsRunningMachine)
            {
                // Nothing to save on, or deliver to, a machine that is not running: its next start does it.
                return new WorkstationPlan(WorkstationAction.SkipStep, name, TimeSpan.Zero,
                    Error: $"The machine is not running (the cloud shows {cloud?.State ?? "no WorkSpace"}).");
            }

            if (MachineNotRunning(name, workspace, cloud, now, options) is { } notRunning)
            {
                return notRunning;
            }
        }

        if (last?.Status == StepStatus.Failed && rows.Count >= definition.MaxAttempts)
        {
            return Fail(name, $"{name} failed after {rows.Count} attempts.", terminateCloud: Transitions.Provisions(transition));
        }

        if (inFlight)
        {
            return Wait(name, options.CommandPollInterval);
        }

        // Between attempts nothing is recorded: the next attempt's row starts when it is sent.
        if (last is { Status: StepStatus.Failed, CompletedAt: { } failedAt } && now < failedAt + definition.RetryDelay)
        {
            return new WorkstationPlan(WorkstationAction.Wait, name, failedAt + definition.RetryDelay - now);
        }

        return new WorkstationPlan(WorkstationAction.SendCommand, name, options.CommandPollInterval);
    }

    /// <summary>A finished command's verdict: the step is done, or the attempt failed (retried, repaired, given up, or the end).</summary>
    private static WorkstationPlan Judged(PlannedStep definition, int attempts, StepVerdict verdict, Transition transition)
    {
        var name = definition.Name;
        if (verdict.Succeeded)
        {
            return Done(name);
        }

        if (attempts < definition.MaxAttempts)
        {
            return new WorkstationPlan(WorkstationAction.FailAttempt, name,
                definition.RepairStep is null ? definition.RetryDelay : TimeSpan.Zero, Error: verdict.Error, RepairStep: definition.RepairStep);
        }

        return definition.IsOptional
            ? new WorkstationPlan(WorkstationAction.AbandonStep, name, TimeSpan.Zero,
                Error: $"{name} failed after {attempts} attempts (the workspace goes on without it): {verdict.Error}")
            : Fail(name, $"{name} failed after {attempts} attempts: {verdict.Error}", terminateCloud: Transitions.Provisions(transition));
    }

    private static WorkstationPlan Done(string step) => new(WorkstationAction.CompleteStep, step, TimeSpan.Zero);

    private static WorkstationPlan Wait(string step, TimeSpan delay) => new(WorkstationAction.Wait, step, delay);

    private static WorkstationPlan Fail(string step, string error, bool terminateCloud = false) =>
        new(WorkstationAction.Fail, step, null, Error: error, TerminateCloud: terminateCloud);
}
