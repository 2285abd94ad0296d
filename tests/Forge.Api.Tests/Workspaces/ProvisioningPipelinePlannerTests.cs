using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// The post-AVAILABLE pipeline as the pure planner walks it: one row per attempt, judged verdicts, retry
/// delays, repairs, optional steps given up; and the work saved before a stop or terminate is sent.
/// </summary>
public sealed class ProvisioningPipelinePlannerTests
{
    private const string Join = JoinDomainStep.StepName;
    private const string Apply = ApplySecurityProfileStep.StepName;
    private const string Verify = VerifySecurityProfileStep.StepName;
    private const string Mount = "mount-user-volume";
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);
    private static readonly WorkspaceOptions Options = new();

    private static readonly IReadOnlyList<PipelineStep> Pipeline =
    [
        new(Join, 3, TimeSpan.FromSeconds(30)),
        new(Apply, 6, TimeSpan.FromSeconds(15)),
        new(Verify, 3, TimeSpan.Zero, RepairStep: Apply),
        new(Mount, 3, TimeSpan.FromSeconds(15), IsOptional: true),
    ];

    private static readonly StepSnapshot[] Hardened = [Done(Join), Done(Apply), Done(Verify)];

    private static StepSnapshot Done(string name) => new(name, StepStatus.Succeeded, "c-ok", Now.AddMinutes(-1));

    private static StepSnapshot Sent(string name) => new(name, StepStatus.Running, "c-sent", null);

    private static StepSnapshot FailedAgo(string name, int seconds) => new(name, StepStatus.Failed, "c-failed", Now.AddSeconds(-seconds));

    public static TheoryData<string, StepSnapshot[], StepVerdict?, WorkspaceAction, string> Cases => new()
    {
        { "available: the first step is sent", [], null, WorkspaceAction.SendCommand, Join },
        { "agent not online yet: the open row is sent again", [new(Join, StepStatus.Running, null, null)], null, WorkspaceAction.SendCommand, Join },
        { "a sent command still runs", [Sent(Join)], null, WorkspaceAction.Wait, Join },
        { "a command judged a success completes the step", [Sent(Join)], StepVerdict.Success, WorkspaceAction.CompleteStep, Join },
        { "a failed first attempt", [Sent(Join)], StepVerdict.Failure("denied"), WorkspaceAction.FailAttempt, Join },
        { "a failed attempt 10 s ago waits for the delay", [FailedAgo(Join, 10)], null, WorkspaceAction.Wait, Join },
        { "a failed attempt 30 s ago is retried", [FailedAgo(Join, 30)], null, WorkspaceAction.SendCommand, Join },
        { "the third failure fails the workspace", [FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)], StepVerdict.Failure("denied"), WorkspaceAction.Fail, Join },
        { "the third attempt succeeding goes on", [FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)], StepVerdict.Success, WorkspaceAction.CompleteStep, Join },
        { "the next step follows a done one", [Done(Join)], null, WorkspaceAction.SendCommand, Apply },
        { "a failed verification repairs", [Done(Join), Done(Apply), Sent(Verify)], StepVerdict.Failure("Clipboard differs"), WorkspaceAction.FailAttempt, Verify },
        { "a repair re-applies before verifying again", [Done(Join), Done(Apply), FailedAgo(Verify, 1), new(Apply, StepStatus.Running, null, null)], null, WorkspaceAction.SendCommand, Apply },
        { "after the repair, verification again", [Done(Join), Done(Apply), FailedAgo(Verify, 20), Done(Apply)], null, WorkspaceAction.SendCommand, Verify },
        { "an optional step's failed attempt is retried", [.. Hardened, Sent(Mount)], StepVerdict.Failure("busy"), WorkspaceAction.FailAttempt, Mount },
        { "an optional step's last failure gives it up", [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), Sent(Mount)], StepVerdict.Failure("busy"), WorkspaceAction.AbandonStep, Mount },
        { "a given-up optional step is passed over: ready", [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), FailedAgo(Mount, 1)], null, WorkspaceAction.Complete, "" },
        { "a required step whose attempts all failed unsent fails the workspace", [FailedAgo(Join, 90), FailedAgo(Join, 60), FailedAgo(Join, 30)], null, WorkspaceAction.Fail, Join },
        { "a skipped optional step is passed over: ready", [.. Hardened, new(Mount, StepStatus.Skipped, null, Now.AddSeconds(-1))], null, WorkspaceAction.Complete, "" },
        { "every step done: ready", [.. Hardened, Done(Mount)], null, WorkspaceAction.Complete, "" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Walks_the_pipeline(string description, StepSnapshot[] rows, StepVerdict? verdict, WorkspaceAction action, string step)
    {
        StepSnapshot[] built = [new(WorkspaceSteps.SecureDirectory, StepStatus.Succeeded, null, Now.AddMinutes(-25)), Done(WorkspaceSteps.Create), .. rows];
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-25), null, built, verdict);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.True(action == plan.Action, $"{description}: expected {action}, planned {plan.Action}");
        Assert.Equal(step, plan.Step);
    }

    [Fact]
    public void Between_attempts_the_wait_names_when_the_next_is_due_and_records_nothing()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-25), null, [FailedAgo(Join, 10)]);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.Equal(Now.AddSeconds(20), plan.RetryAt);
    }

    [Fact]
    public void The_last_failure_names_the_step_its_attempts_and_the_reason_and_terminates_the_WorkSpace()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-25), null,
            [FailedAgo(Join, 90), FailedAgo(Join, 45), Sent(Join)], StepVerdict.Failure("Failed: Insufficient permissions"));

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.Equal("join-domain failed after 3 attempts: Failed: Insufficient permissions", plan.Error);
        Assert.True(plan.TerminateCloud);
    }

    [Fact]
    public void Giving_up_an_optional_step_says_so_and_terminates_nothing()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-25), null,
            [.. Hardened, FailedAgo(Mount, 60), FailedAgo(Mount, 30), Sent(Mount)], StepVerdict.Failure("mounted elsewhere"));

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.Equal("mount-user-volume failed after 3 attempts (the workspace goes on without it): mounted elsewhere", plan.Error);
        Assert.False(plan.TerminateCloud);
    }

    [Theory]
    [InlineData(WorkspaceStatus.Stopping, CloudStates.Available, true, WorkspaceAction.PrepareShutdown)]
    [InlineData(WorkspaceStatus.Stopping, CloudStates.Available, false, WorkspaceAction.Stop)]
    [InlineData(WorkspaceStatus.Terminating, CloudStates.Available, true, WorkspaceAction.PrepareShutdown)]
    [InlineData(WorkspaceStatus.Terminating, CloudStates.Available, false, WorkspaceAction.Terminate)]
    [InlineData(WorkspaceStatus.Terminating, CloudStates.Stopped, true, WorkspaceAction.Terminate)] // nothing runs to save with: terminate anyway
    [InlineData(WorkspaceStatus.Stopping, CloudStates.Stopped, true, WorkspaceAction.Complete)]
    public void Work_left_on_the_machine_is_saved_before_a_stop_or_terminate_is_sent(string status, string cloudState, bool pending, WorkspaceAction action)
    {
        var snapshot = new WorkspaceSnapshot(status, "ws-00000001", Now.AddHours(-2), null, [], ShutdownWorkPending: pending);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", cloudState), Now, Options, Pipeline);

        Assert.Equal(action, plan.Action);
    }

    [Fact]
    public void A_stop_already_sent_is_not_held_back_by_work_left_on_the_machine()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Stopping, "ws-00000001", Now.AddHours(-2), Now.AddSeconds(-5), [], ShutdownWorkPending: true);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.Equal(WorkspaceAction.Wait, plan.Action);
    }

    [Fact]
    public void A_failed_verification_names_the_repair_step()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-25), null,
            [Done(Join), Done(Apply), Sent(Verify)], StepVerdict.Failure("Clipboard: expected Disabled, observed Enabled"));

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Available), Now, Options, Pipeline);

        Assert.Equal((Apply, "Clipboard: expected Disabled, observed Enabled"), (plan.RepairStep, plan.Error));
    }

    [Fact]
    public void Security_profile_differences_are_named()
    {
        var expected = new SecurityProfile().Parameters("alice", Now);
        var observed = expected.ToDictionary(p => p.Key, p => (string?)p.Value);
        observed["Clipboard"] = "Enabled";
        observed.Remove("Usb");

        var differences = SecurityProfile.Differences(expected, observed);

        Assert.Equal(["Clipboard: expected Disabled, observed Enabled", "Usb: expected Disabled, observed nothing"], differences);
        Assert.Equal("alice@20260302T0930Z", expected["WatermarkText"]);
        Assert.Equal("a_b_c@20260302T0930Z", SecurityProfile.WatermarkText("a b/c", Now));
    }
}
