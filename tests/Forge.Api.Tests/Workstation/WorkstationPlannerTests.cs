using Forge.Api.Cloud;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using State = Forge.Aws.WorkSpaces.WorkspaceState;

namespace Forge.Api.Tests.Workstation;

/// <summary>
/// The pure planner as tables: every transition's cloud steps against the cloud's states, the command
/// steps' attempts, verdicts, delays and repairs, what happened outside Forge at rest, the chores of a
/// ready workstation, and idempotence (a pass repeated after any state's action plans no second call).
/// </summary>
public sealed class WorkstationPlannerTests
{
    private const string Join = StepNames.JoinDomain;
    private const string Apply = StepNames.ApplySecurityProfile;
    private const string Verify = StepNames.VerifySecurityProfile;
    private const string Mount = StepNames.MountVolume;
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly WorkspaceOptions Options = new();

    private static readonly Dictionary<string, PlannedStep> CommandSteps = new(StringComparer.Ordinal)
    {
        [Join] = new(Join, 3, TimeSpan.FromSeconds(30)),
        [Apply] = new(Apply, 6, TimeSpan.FromSeconds(15)),
        [Verify] = new(Verify, 3, TimeSpan.Zero, RepairStep: Apply),
        [Mount] = new(Mount, 3, TimeSpan.FromSeconds(15), IsOptional: true),
        [StepNames.ApplyDotfiles] = new(StepNames.ApplyDotfiles, 1, TimeSpan.Zero, IsOptional: true),
        [StepNames.InjectSecrets] = new(StepNames.InjectSecrets, 6, TimeSpan.FromSeconds(15), IsOptional: true),
        [StepNames.PersistDotfiles] = new(StepNames.PersistDotfiles, 1, TimeSpan.Zero, IsOptional: true),
        [StepNames.UnmountVolume] = new(StepNames.UnmountVolume, 1, TimeSpan.Zero, IsOptional: true),
    };

    private static readonly StepSnapshot[] Built = [Done(StepNames.SecureDirectory), Done(StepNames.Create), Done(StepNames.WaitAvailable)];

    private static readonly StepSnapshot[] Hardened = [.. Built, Done(Join), Done(Apply), Done(Verify)];

    private static StepSnapshot Done(string name) => new(name, StepStatus.Succeeded, StepNames.IsCloudStep(name) ? null : "c-ok", Now.AddMinutes(-1));

    private static StepSnapshot Sent(string name) => new(name, StepStatus.Running, "c-sent", null);

    private static StepSnapshot Open(string name) => new(name, StepStatus.Running, null, null);

    private static StepSnapshot FailedAgo(string name, int seconds) => new(name, StepStatus.Failed, "c-failed", Now.AddSeconds(-seconds));

    private static WorkstationSnapshot Snapshot(string status, string? transition, StepSnapshot[] steps, DateTimeOffset? issued = null,
        StepVerdict? verdict = null, string? cloudId = "ws-00000001", bool syncDue = false, bool secretsDue = false) =>
        new(status, transition, cloudId, Now.AddMinutes(-25), issued, steps, verdict, syncDue, secretsDue);

    private static WorkstationPlan Plan(WorkstationSnapshot snapshot, string? cloudState) =>
        WorkstationPlanner.Plan(snapshot, cloudState is null ? null : new CloudWorkspace("ws-00000001", cloudState), Now, Options, CommandSteps);

    public static TheoryData<string, string, string?, StepSnapshot[], int?, WorkstationAction, string> CloudStepCases => new()
    {
        // description, status, cloud state (null: not shown), the transition's steps, seconds since its call was sent, action, step
        { "a new request first secures the directory", WorkspaceStatus.Provisioning, null, [], null, WorkstationAction.SecureDirectory, StepNames.SecureDirectory },
        { "then creates", WorkspaceStatus.Provisioning, null, [Done(StepNames.SecureDirectory)], null, WorkstationAction.Create, StepNames.Create },
        { "a created but not yet visible one waits", WorkspaceStatus.Provisioning, null, [.. Built[..2], Open(StepNames.WaitAvailable)], 5, WorkstationAction.Wait, StepNames.WaitAvailable },
        { "a created one not visible for long is gone: create again", WorkspaceStatus.Provisioning, null, [.. Built[..2], Open(StepNames.WaitAvailable)], 150, WorkstationAction.Create, StepNames.Create },
        { "pending waits", WorkspaceStatus.Provisioning, State.Pending, [.. Built[..2], Open(StepNames.WaitAvailable)], 60, WorkstationAction.Wait, StepNames.WaitAvailable },
        { "available completes the wait", WorkspaceStatus.Provisioning, State.Available, [.. Built[..2], Open(StepNames.WaitAvailable)], 60, WorkstationAction.CompleteStep, StepNames.WaitAvailable },
        { "an error fails", WorkspaceStatus.Provisioning, State.Error, [.. Built[..2], Open(StepNames.WaitAvailable)], 60, WorkstationAction.Fail, StepNames.WaitAvailable },
        { "terminated outside fails", WorkspaceStatus.Provisioning, State.Terminated, [.. Built[..2], Open(StepNames.WaitAvailable)], 60, WorkstationAction.Fail, StepNames.WaitAvailable },
        { "auto-stopped before it was seen available is started", WorkspaceStatus.Provisioning, State.Stopped, [.. Built[..2], Open(StepNames.WaitAvailable)], 600, WorkstationAction.Start, StepNames.WaitAvailable },
        { "a start just sent while building waits", WorkspaceStatus.Provisioning, State.Stopped, [.. Built[..2], Open(StepNames.WaitAvailable)], 5, WorkstationAction.Wait, StepNames.WaitAvailable },
        { "auto-stopped during the hardening is started", WorkspaceStatus.Provisioning, State.Stopped, [.. Built, Done(Join)], null, WorkstationAction.Start, Apply },
        { "stop sends once available", WorkspaceStatus.Stopping, State.Available, [], null, WorkstationAction.Stop, StepNames.Stop },
        { "stop sent waits while still available", WorkspaceStatus.Stopping, State.Available, [Open(StepNames.Stop)], 5, WorkstationAction.Wait, StepNames.Stop },
        { "stop sent long ago is sent again", WorkspaceStatus.Stopping, State.Available, [Open(StepNames.Stop)], 60, WorkstationAction.Stop, StepNames.Stop },
        { "stopping waits", WorkspaceStatus.Stopping, State.Stopping, [Open(StepNames.Stop)], 5, WorkstationAction.Wait, StepNames.Stop },
        { "stopped completes the stop", WorkspaceStatus.Stopping, State.Stopped, [Open(StepNames.Stop)], 60, WorkstationAction.CompleteStep, StepNames.Stop },
        { "a stop of a WorkSpace that is gone fails", WorkspaceStatus.Stopping, null, [], null, WorkstationAction.Fail, StepNames.Stop },
        { "start sends once stopped", WorkspaceStatus.Starting, State.Stopped, [], null, WorkstationAction.Start, StepNames.Start },
        { "starting waits", WorkspaceStatus.Starting, State.Starting, [Open(StepNames.Start)], 20, WorkstationAction.Wait, StepNames.Start },
        { "started completes the start", WorkspaceStatus.Starting, State.Available, [Open(StepNames.Start)], 60, WorkstationAction.CompleteStep, StepNames.Start },
        { "reboot sends", WorkspaceStatus.Rebooting, State.Available, [], null, WorkstationAction.Reboot, StepNames.Reboot },
        { "reboot just sent is not yet done", WorkspaceStatus.Rebooting, State.Available, [Open(StepNames.Reboot)], 5, WorkstationAction.Wait, StepNames.Reboot },
        { "rebooting waits", WorkspaceStatus.Rebooting, State.Rebooting, [Open(StepNames.Reboot)], 40, WorkstationAction.Wait, StepNames.Reboot },
        { "rebooted completes", WorkspaceStatus.Rebooting, State.Available, [Open(StepNames.Reboot)], 40, WorkstationAction.CompleteStep, StepNames.Reboot },
        { "terminate sends", WorkspaceStatus.Terminating, State.Available, [], null, WorkstationAction.Terminate, StepNames.Terminate },
        { "terminate of a stopped machine sends", WorkspaceStatus.Terminating, State.Stopped, [], null, WorkstationAction.Terminate, StepNames.Terminate },
        { "terminating waits", WorkspaceStatus.Terminating, State.Terminating, [Open(StepNames.Terminate)], 5, WorkstationAction.Wait, StepNames.Terminate },
        { "gone after terminate completes", WorkspaceStatus.Terminating, null, [Open(StepNames.Terminate)], 5, WorkstationAction.CompleteStep, StepNames.Terminate },
    };

    [Theory]
    [MemberData(nameof(CloudStepCases))]
    public void Cloud_steps_follow_the_cloud(string description, string status, string? cloudState, StepSnapshot[] steps, int? sentSecondsAgo,
        WorkstationAction action, string step)
    {
        var cloudId = status == WorkspaceStatus.Provisioning && steps.All(s => s.Name != StepNames.Create) ? null : "ws-00000001";
        // Before a stop or terminate the dotfiles are saved and the volume released (other tables): done here.
        StepSnapshot[] saved = status is WorkspaceStatus.Stopping or WorkspaceStatus.Terminating ? [Done(StepNames.PersistDotfiles), Done(StepNames.UnmountVolume)] : [];
        var snapshot = Snapshot(status, Transitions.ForStatus(status)!.Name, [.. saved, .. steps], sentSecondsAgo is { } s ? Now.AddSeconds(-s) : null, cloudId: cloudId);

        var plan = Plan(snapshot, cloudState);

        Assert.True((action, step) == (plan.Action, plan.Step), $"{description}: expected {action} {step}, planned {plan.Action} {plan.Step}");
    }

    public static TheoryData<string, StepSnapshot[], StepVerdict?, WorkstationAction, string> CommandStepCases => new()
    {
        { "available: the first command step is sent", Built, null, WorkstationAction.SendCommand, Join },
        { "agent not online yet: the open row is sent again", [.. Built, Open(Join)], null, WorkstationAction.SendCommand, Join },
        { "a sent command still runs", [.. Built, Sent(Join)], null, WorkstationAction.Wait, Join },
        { "a command judged a success completes the step", [.. Built, Sent(Join)], StepVerdict.Success, WorkstationAction.CompleteStep, Join },
        { "a failed first attempt", [.. Built, Sent(Join)], StepVerdict.Failure("denied"), WorkstationAction.FailAttempt, Join },
        { "a failed attempt 10 s ago waits for the delay", [.. Built, FailedAgo(Join, 10)], null, WorkstationAction.Wait, Join },
        { "a failed attempt 30 s ago is retried", [.. Built, FailedAgo(Join, 30)], null, WorkstationAction.SendCommand, Join },
        { "the third failure fails the workspace", [.. Built, FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)], StepVerdict.Failure("denied"), WorkstationAction.Fail, Join },
        { "the third attempt succeeding goes on", [.. Built, FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)], StepVerdict.Success, WorkstationAction.CompleteStep, Join },
        { "the next step follows a done one", [.. Built, Done(Join)], null, WorkstationAction.SendCommand, Apply },
        { "a failed verification repairs", [.. Built, Done(Join), Done(Apply), Sent(Verify)], StepVerdict.Failure("Clipboard differs"), WorkstationAction.FailAttempt, Verify },
        { "a repair re-applies before verifying again", [.. Built, Done(Join), Done(Apply), FailedAgo(Verify, 1), Open(Apply)], null, WorkstationAction.SendCommand, Apply },
        { "after the repair, verification again", [.. Built, Done(Join), Done(Apply), FailedAgo(Verify, 20), Done(Apply)], null, WorkstationAction.SendCommand, Verify },
        { "an optional step's failed attempt is retried", [.. Hardened, Sent(Mount)], StepVerdict.Failure("busy"), WorkstationAction.FailAttempt, Mount },
        { "an optional step's last failure gives it up", [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), Sent(Mount)], StepVerdict.Failure("busy"), WorkstationAction.AbandonStep, Mount },
        { "a given-up optional step is passed over", [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), FailedAgo(Mount, 1)], null, WorkstationAction.SendCommand, StepNames.ApplyDotfiles },
        { "a required step whose attempts all failed unsent fails the workspace", [.. Built, FailedAgo(Join, 90), FailedAgo(Join, 60), FailedAgo(Join, 30)], null, WorkstationAction.Fail, Join },
        { "a skipped optional step is passed over", [.. Hardened, new(Mount, StepStatus.Skipped, null, Now.AddSeconds(-1))], null, WorkstationAction.SendCommand, StepNames.ApplyDotfiles },
        { "every step done: ready", [.. Hardened, Done(Mount), Done(StepNames.ApplyDotfiles), Done(StepNames.InjectSecrets)], null, WorkstationAction.Complete, "" },
    };

    [Theory]
    [MemberData(nameof(CommandStepCases))]
    public void Command_steps_are_sent_judged_retried_and_given_up(string description, StepSnapshot[] steps, StepVerdict? verdict, WorkstationAction action, string step)
    {
        var plan = Plan(Snapshot(WorkspaceStatus.Provisioning, Transitions.Provision.Name, steps, verdict: verdict), State.Available);

        Assert.True((action, step) == (plan.Action, plan.Step), $"{description}: expected {action} {step}, planned {plan.Action} {plan.Step}");
        Assert.Equal(action == WorkstationAction.Complete ? WorkspaceStatus.Ready : null, plan.NextStatus);
    }

    [Fact]
    public void Between_attempts_the_wait_lasts_until_the_next_is_due()
    {
        var plan = Plan(Snapshot(WorkspaceStatus.Provisioning, Transitions.Provision.Name, [.. Built, FailedAgo(Join, 10)]), State.Available);

        Assert.Equal((WorkstationAction.Wait, TimeSpan.FromSeconds(20)), (plan.Action, plan.LookAgain));
    }

    [Fact]
    public void The_last_failure_names_the_step_its_attempts_and_the_reason_and_terminates_the_WorkSpace()
    {
        var plan = Plan(Snapshot(WorkspaceStatus.Provisioning, Transitions.Provision.Name, [.. Built, FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)],
            verdict: StepVerdict.Failure("Failed: Insufficient permissions")), State.Available);

        Assert.Equal("join-domain failed after 3 attempts: Failed: Insufficient permissions", plan.Error);
        Assert.True(plan.TerminateCloud);
    }

    [Fact]
    public void Giving_up_an_optional_step_says_so_and_terminates_nothing()
    {
        var plan = Plan(Snapshot(WorkspaceStatus.Provisioning, Transitions.Provision.Name, [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), Sent(Mount)],
            verdict: StepVerdict.Failure("mounted elsewhere")), State.Available);

        Assert.Equal("mount-user-volume failed after 3 attempts (the workspace goes on without it): mounted elsewhere", plan.Error);
        Assert.False(plan.TerminateCloud);
    }

    [Fact]
    public void A_build_past_the_provisioning_timeout_fails_and_terminates_its_WorkSpace()
    {
        var snapshot = Snapshot(WorkspaceStatus.Provisioning, Transitions.Provision.Name, [.. Built[..2], Open(StepNames.WaitAvailable)])
            with { RequestedAt = Now - Options.ProvisionTimeout - TimeSpan.FromSeconds(1) };

        var plan = Plan(snapshot, State.Pending);

        Assert.Equal((WorkstationAction.Fail, StepNames.WaitAvailable, true), (plan.Action, plan.Step, plan.TerminateCloud));
        Assert.Contains("not ready within", plan.Error, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string?, string[], WorkstationAction, string> TransitionWalkCases => new()
    {
        // description, status, cloud state, the steps done (in order), action, step
        { "a stop first persists the dotfiles", WorkspaceStatus.Stopping, State.Available, [], WorkstationAction.SendCommand, StepNames.PersistDotfiles },
        { "then unmounts the volume", WorkspaceStatus.Stopping, State.Available, [StepNames.PersistDotfiles], WorkstationAction.SendCommand, StepNames.UnmountVolume },
        { "then stops the WorkSpace", WorkspaceStatus.Stopping, State.Available, [StepNames.PersistDotfiles, StepNames.UnmountVolume], WorkstationAction.Stop, StepNames.Stop },
        { "a stop of a machine AWS already stopped saves nothing", WorkspaceStatus.Stopping, State.Stopped, [], WorkstationAction.SkipStep, StepNames.PersistDotfiles },
        { "and completes", WorkspaceStatus.Stopping, State.Stopped, [StepNames.PersistDotfiles, StepNames.UnmountVolume, StepNames.Stop], WorkstationAction.Complete, "" },
        { "a terminate first persists the dotfiles", WorkspaceStatus.Terminating, State.Available, [], WorkstationAction.SendCommand, StepNames.PersistDotfiles },
        { "a terminate of a stopped machine skips the saving", WorkspaceStatus.Terminating, State.Stopped, [], WorkstationAction.SkipStep, StepNames.PersistDotfiles },
        { "a start starts the WorkSpace first", WorkspaceStatus.Starting, State.Stopped, [], WorkstationAction.Start, StepNames.Start },
        { "then mounts the volume", WorkspaceStatus.Starting, State.Available, [StepNames.Start], WorkstationAction.SendCommand, Mount },
        { "then applies the dotfiles", WorkspaceStatus.Starting, State.Available, [StepNames.Start, Mount], WorkstationAction.SendCommand, StepNames.ApplyDotfiles },
        { "then injects the secrets", WorkspaceStatus.Starting, State.Available, [StepNames.Start, Mount, StepNames.ApplyDotfiles], WorkstationAction.SendCommand, StepNames.InjectSecrets },
        { "and only then is ready", WorkspaceStatus.Starting, State.Available, [StepNames.Start, Mount, StepNames.ApplyDotfiles, StepNames.InjectSecrets], WorkstationAction.Complete, "" },
        { "a start that AUTO_STOP undid is started again", WorkspaceStatus.Starting, State.Stopped, [StepNames.Start], WorkstationAction.Start, Mount },
    };

    [Theory]
    [MemberData(nameof(TransitionWalkCases))]
    public void Each_transition_runs_its_declared_steps_in_order(string description, string status, string? cloudState, string[] done, WorkstationAction action, string step)
    {
        var plan = Plan(Snapshot(status, Transitions.ForStatus(status)!.Name, [.. done.Select(Done)]), cloudState);

        Assert.True((action, step) == (plan.Action, plan.Step), $"{description}: expected {action} {step}, planned {plan.Action} {plan.Step}");
    }

    public static TheoryData<string, string, string?, WorkstationAction, string?> AtRestCases => new()
    {
        // description, status, cloud state (null: the cloud shows no WorkSpace), action, next status
        { "ready and running rests", WorkspaceStatus.Ready, State.Available, WorkstationAction.None, null },
        { "ready but AUTO_STOP stopped it: stopped", WorkspaceStatus.Ready, State.Stopped, WorkstationAction.Observed, WorkspaceStatus.Stopped },
        { "ready and stopping outside Forge: wait for it", WorkspaceStatus.Ready, State.Stopping, WorkstationAction.Wait, null },
        { "ready but rebooted outside Forge: rebooting", WorkspaceStatus.Ready, State.Rebooting, WorkstationAction.Observed, WorkspaceStatus.Rebooting },
        { "ready but terminated outside Forge: terminating", WorkspaceStatus.Ready, State.Terminated, WorkstationAction.Observed, WorkspaceStatus.Terminating },
        { "ready but gone from the cloud: terminating", WorkspaceStatus.Ready, null, WorkstationAction.Observed, WorkspaceStatus.Terminating },
        { "stopped and stopped rests", WorkspaceStatus.Stopped, State.Stopped, WorkstationAction.None, null },
        { "stopped but started outside Forge: starting", WorkspaceStatus.Stopped, State.Available, WorkstationAction.Observed, WorkspaceStatus.Starting },
        { "stopped and starting outside Forge: wait for it", WorkspaceStatus.Stopped, State.Starting, WorkstationAction.Wait, null },
        { "stopped but terminated outside Forge: terminating", WorkspaceStatus.Stopped, State.Terminating, WorkstationAction.Observed, WorkspaceStatus.Terminating },
        { "failed rests", WorkspaceStatus.Failed, State.Available, WorkstationAction.None, null },
        { "terminated rests", WorkspaceStatus.Terminated, null, WorkstationAction.None, null },
    };

    [Theory]
    [MemberData(nameof(AtRestCases))]
    public void At_rest_Forge_follows_what_the_cloud_did(string description, string status, string? cloudState, WorkstationAction action, string? next)
    {
        var plan = Plan(Snapshot(status, null, [.. Hardened]), cloudState);

        Assert.True((action, next) == (plan.Action, plan.NextStatus), $"{description}: expected {action} {next}, planned {plan.Action} {plan.NextStatus}");
        // The sweep wakes exactly the workspaces whose plan at rest is not to rest.
        Assert.Equal(action != WorkstationAction.None, WorkstationPlanner.CloudDisagrees(status, cloudState));
    }

    public static TheoryData<string, string, string?, bool, bool, string?> BeginCases => new()
    {
        // description, status, transition under way, dotfile sync due, secrets due, the transition that begins (null: none)
        { "a new request begins provisioning", WorkspaceStatus.Provisioning, null, false, false, "provision" },
        { "a stop asked for begins the stop", WorkspaceStatus.Stopping, null, false, false, "stop" },
        { "a stop asked for during a dotfile sync replaces it", WorkspaceStatus.Stopping, "sync-dotfiles", false, false, "stop" },
        { "a terminate asked for during provisioning replaces it", WorkspaceStatus.Terminating, "provision", false, false, "terminate" },
        { "a sync due on a ready workstation begins it", WorkspaceStatus.Ready, null, true, false, "sync-dotfiles" },
        { "secrets due on a ready workstation begin their injection", WorkspaceStatus.Ready, null, false, true, "inject-secrets" },
        { "a chore under way goes on before the next", WorkspaceStatus.Ready, "inject-secrets", true, false, null },
        { "a stopped workstation's due secrets wait for its start", WorkspaceStatus.Stopped, null, false, true, null },
        { "a chore whose workstation stopped meanwhile ends", WorkspaceStatus.Stopped, "sync-dotfiles", false, false, "" },
    };

    [Theory]
    [MemberData(nameof(BeginCases))]
    public void The_status_and_what_is_due_say_which_transition_runs(string description, string status, string? under, bool syncDue, bool secretsDue, string? begins)
    {
        var plan = Plan(Snapshot(status, under, [.. Hardened], syncDue: syncDue, secretsDue: secretsDue), State.Available);

        if (begins is null)
        {
            Assert.True(plan.Action != WorkstationAction.Begin, $"{description}: planned {plan.Action} {plan.Transition?.Name}");
        }
        else
        {
            Assert.True(plan.Action == WorkstationAction.Begin && (plan.Transition?.Name ?? "") == begins,
                $"{description}: expected to begin '{begins}', planned {plan.Action} {plan.Transition?.Name}");
        }
    }

    public static TheoryData<string, PoolRole, string, string?, string[], WorkstationAction, string> PoolCases => new()
    {
        // description, pool role, status, cloud state, the steps done (in order), action, step
        { "a member's build secures the directory, as any build", PoolRole.Member, WorkspaceStatus.Provisioning, null, [], WorkstationAction.SecureDirectory, StepNames.SecureDirectory },
        { "a member's build ends at verification: no user's data", PoolRole.Member, WorkspaceStatus.Provisioning, State.Available,
            [.. Transitions.BuildMember.Steps], WorkstationAction.Complete, "" },
        { "a member is parked without saving anyone's dotfiles", PoolRole.Member, WorkspaceStatus.Stopping, State.Available, [], WorkstationAction.Stop, StepNames.Stop },
        { "a member is resumed by starting it only", PoolRole.Member, WorkspaceStatus.Starting, State.Stopped, [], WorkstationAction.Start, StepNames.Start },
        { "a resumed member is ready once running", PoolRole.Member, WorkspaceStatus.Starting, State.Available, [StepNames.Start], WorkstationAction.Complete, "" },
        { "a member is retired without saving anything", PoolRole.Member, WorkspaceStatus.Terminating, State.Stopped, [], WorkstationAction.Terminate, StepNames.Terminate },
        { "a claimed stopped member is started first", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Stopped, [], WorkstationAction.Start, StepNames.Start },
        { "a claimed member being parked is started once stopped", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Stopping, [], WorkstationAction.Wait, StepNames.Start },
        { "a claimed running member binds its identity at once", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Available, [], WorkstationAction.CompleteStep, StepNames.Start },
        { "then the identity is bound to the owner", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Available, [StepNames.Start], WorkstationAction.BindIdentity, StepNames.BindIdentity },
        { "then the watermark is applied for the owner", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Available, [StepNames.Start, StepNames.BindIdentity],
            WorkstationAction.SendCommand, StepNames.ApplySecurityProfile },
        { "then the owner's volume", PoolRole.Claimed, WorkspaceStatus.Provisioning, State.Available,
            [StepNames.Start, StepNames.BindIdentity, StepNames.ApplySecurityProfile, StepNames.VerifySecurityProfile], WorkstationAction.SendCommand, Mount },
        { "a claimed member rests like any workstation once ready", PoolRole.Claimed, WorkspaceStatus.Ready, State.Available, [], WorkstationAction.None, "" },
    };

    [Theory]
    [MemberData(nameof(PoolCases))]
    public void Pool_members_have_their_own_transitions_and_a_claim_runs_only_the_owners_steps(string description, PoolRole role, string status, string? cloudState,
        string[] done, WorkstationAction action, string step)
    {
        var transition = Transitions.ForStatus(status, role);
        var snapshot = Snapshot(status, transition?.Name, [.. done.Select(Done)], cloudId: status == WorkspaceStatus.Provisioning && role == PoolRole.Member && done.Length == 0 ? null : "ws-00000001")
            with { PoolRole = role, RequestedAt = Now.AddMinutes(-1) };

        var plan = Plan(snapshot, cloudState);

        Assert.True((action, step) == (plan.Action, plan.Step), $"{description}: expected {action} {step}, planned {plan.Action} {plan.Step}");
    }

    /// <summary>
    /// Every state of every transition (each prefix of its declared steps done, with the current one
    /// unsent, sent, or running, against every cloud state): after the pass acts, as the executor records
    /// it, the same cloud gives a plan that makes no second cloud call and sends no second command.
    /// </summary>
    [Fact]
    public void A_pass_repeated_at_any_state_of_any_transition_makes_no_second_call()
    {
        string?[] clouds = [null, State.Pending, State.Available, State.Stopping, State.Stopped, State.Starting, State.Rebooting, State.Terminating, State.Terminated];
        var checkedStates = 0;
        foreach (var transition in Transitions.All)
        {
            var (status, role) = transition == Transitions.SyncDotfiles || transition == Transitions.InjectSecrets
                ? (WorkspaceStatus.Ready, PoolRole.None) : StatusOf(transition);
            for (var done = 0; done <= transition.Steps.Count; done++)
            {
                // The current step unsent, open (waiting, or its agent not online), or its command sent.
                foreach (var current in new Func<string, StepSnapshot?>[] { _ => null, Open, Sent })
                foreach (var cloud in clouds)
                {
                    var prefix = transition.Steps.Take(done).Select(Done).ToList();
                    if (done < transition.Steps.Count && current(transition.Steps[done]) is { } row)
                    {
                        prefix.Add(StepNames.IsCloudStep(row.Name) ? row with { CommandId = null } : row);
                    }

                    var snapshot = Snapshot(status, transition.Name, [.. prefix], issued: prefix.Count > done ? Now : null,
                        cloudId: (transition == Transitions.Provision || transition == Transitions.BuildMember) && done < 2 ? null : "ws-00000001")
                        with { PoolRole = role };
                    var first = Plan(snapshot, cloud);
                    var after = Recorded(snapshot, first);
                    var second = Plan(after, cloud);
                    checkedStates++;
                    Assert.False(IsCall(first.Action) && second.Action == first.Action && second.Step == first.Step,
                        $"{transition.Name}, {done} steps done, then [{string.Join(", ", prefix.Skip(done))}], cloud {cloud ?? "none"}: {first.Action} {first.Step} planned twice in a row");
                }
            }
        }

        Assert.True(checkedStates > 600, $"only {checkedStates} states were checked");
    }

    /// <summary>A planner that only looked at the status (not at what was recorded) would fail the idempotence table: this shows the table can fail.</summary>
    [Fact]
    public void A_stop_sent_and_recorded_is_not_sent_again_until_the_settle_time_passed()
    {
        var sent = Snapshot(WorkspaceStatus.Stopping, "stop", [Done(StepNames.PersistDotfiles), Done(StepNames.UnmountVolume), Open(StepNames.Stop)], issued: Now);

        Assert.Equal(WorkstationAction.Wait, Plan(sent, State.Available).Action);
        Assert.Equal(WorkstationAction.Stop, Plan(sent with { ActionIssuedAt = Now - Options.SettleTime }, State.Available).Action);
    }

    /// <summary>The status (and, for a pool member's or a claim's transition, the pool role) that asks for <paramref name="transition"/>.</summary>
    private static (string Status, PoolRole Role) StatusOf(Transition transition) =>
        (from role in Enum.GetValues<PoolRole>() from status in WorkspaceStatus.All where Transitions.ForStatus(status, role) == transition select (status, role)).First();

    private static bool IsCall(WorkstationAction action) => action is WorkstationAction.Create or WorkstationAction.Start or WorkstationAction.Stop
        or WorkstationAction.Reboot or WorkstationAction.Terminate or WorkstationAction.SendCommand or WorkstationAction.SecureDirectory
        or WorkstationAction.BindIdentity;

    /// <summary>What the executor records for a plan, reduced to the snapshot: a call's time, a command's row, a step closed.</summary>
    private static WorkstationSnapshot Recorded(WorkstationSnapshot snapshot, WorkstationPlan plan)
    {
        var steps = snapshot.Steps.ToList();
        switch (plan.Action)
        {
            case WorkstationAction.Create:
                steps.Add(Done(StepNames.Create));
                steps.Add(Open(StepNames.WaitAvailable));
                return snapshot with { Steps = steps, CloudWorkspaceId = "ws-00000001", ActionIssuedAt = Now };
            case WorkstationAction.Start or WorkstationAction.Stop or WorkstationAction.Reboot or WorkstationAction.Terminate:
                if (steps.LastOrDefault()?.Name != plan.Step || steps[^1].Status != StepStatus.Running)
                {
                    steps.Add(Open(plan.Step));
                }

                return snapshot with { Steps = steps, ActionIssuedAt = Now };
            case WorkstationAction.SendCommand:
                if (steps.LastOrDefault() is { Status: StepStatus.Running } open && open.Name == plan.Step)
                {
                    steps[^1] = Sent(plan.Step);
                }
                else
                {
                    steps.Add(Sent(plan.Step));
                }

                return snapshot with { Steps = steps };
            case WorkstationAction.SecureDirectory or WorkstationAction.BindIdentity or WorkstationAction.CompleteStep:
                steps.Add(Done(plan.Step));
                return snapshot with { Steps = steps };
            case WorkstationAction.SkipStep:
                steps.Add(new StepSnapshot(plan.Step, StepStatus.Skipped, null, Now));
                return snapshot with { Steps = steps };
            default:
                return snapshot;
        }
    }
}
