using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Workspaces;

public sealed class WorkspacePlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly WorkspaceOptions Options = new();

    public static TheoryData<string, string, string?, int?, string, WorkspaceAction, string?> Cases => new()
    {
        // description, status, cloud state (null: not visible), seconds since the action was sent, step, action, next status
        { "a new request first secures the directory", WorkspaceStatus.Provisioning, null, null, WorkspaceSteps.SecureDirectory, WorkspaceAction.SecureDirectory, null },
        { "a created but not yet visible one waits", WorkspaceStatus.Provisioning, "-", null, WorkspaceSteps.WaitAvailable, WorkspaceAction.Wait, null },
        { "a created one not visible for long is gone: create again", WorkspaceStatus.Provisioning, "-", 150, WorkspaceSteps.Create, WorkspaceAction.Create, null },
        { "a created one briefly invisible waits", WorkspaceStatus.Provisioning, "-", 5, WorkspaceSteps.WaitAvailable, WorkspaceAction.Wait, null },
        { "pending waits", WorkspaceStatus.Provisioning, CloudStates.Pending, null, WorkspaceSteps.WaitAvailable, WorkspaceAction.Wait, null },
        { "available is ready", WorkspaceStatus.Provisioning, CloudStates.Available, null, WorkspaceSteps.WaitAvailable, WorkspaceAction.Complete, WorkspaceStatus.Ready },
        { "an error fails", WorkspaceStatus.Provisioning, CloudStates.Error, null, WorkspaceSteps.WaitAvailable, WorkspaceAction.Fail, null },
        { "terminated outside fails", WorkspaceStatus.Provisioning, CloudStates.Terminated, null, WorkspaceSteps.WaitAvailable, WorkspaceAction.Fail, null },
        { "auto-stopped before it was seen available is started", WorkspaceStatus.Provisioning, CloudStates.Stopped, 600, WorkspaceSteps.WaitAvailable, WorkspaceAction.Start, null },
        { "a start just sent while building waits", WorkspaceStatus.Provisioning, CloudStates.Stopped, 5, WorkspaceSteps.WaitAvailable, WorkspaceAction.Wait, null },
        { "stop sends once available", WorkspaceStatus.Stopping, CloudStates.Available, null, WorkspaceSteps.Stop, WorkspaceAction.Stop, null },
        { "stop sent waits while still available", WorkspaceStatus.Stopping, CloudStates.Available, 5, WorkspaceSteps.Stop, WorkspaceAction.Wait, null },
        { "stop sent long ago is sent again", WorkspaceStatus.Stopping, CloudStates.Available, 60, WorkspaceSteps.Stop, WorkspaceAction.Stop, null },
        { "stopping waits", WorkspaceStatus.Stopping, CloudStates.Stopping, 5, WorkspaceSteps.Stop, WorkspaceAction.Wait, null },
        { "stopped completes", WorkspaceStatus.Stopping, CloudStates.Stopped, 60, WorkspaceSteps.Stop, WorkspaceAction.Complete, WorkspaceStatus.Stopped },
        { "start sends once stopped", WorkspaceStatus.Starting, CloudStates.Stopped, null, WorkspaceSteps.Start, WorkspaceAction.Start, null },
        { "started completes", WorkspaceStatus.Starting, CloudStates.Available, 60, WorkspaceSteps.Start, WorkspaceAction.Complete, WorkspaceStatus.Ready },
        { "reboot sends", WorkspaceStatus.Rebooting, CloudStates.Available, null, WorkspaceSteps.Reboot, WorkspaceAction.Reboot, null },
        { "reboot just sent is not yet done", WorkspaceStatus.Rebooting, CloudStates.Available, 5, WorkspaceSteps.Reboot, WorkspaceAction.Wait, null },
        { "rebooting waits", WorkspaceStatus.Rebooting, CloudStates.Rebooting, 40, WorkspaceSteps.Reboot, WorkspaceAction.Wait, null },
        { "rebooted completes", WorkspaceStatus.Rebooting, CloudStates.Available, 40, WorkspaceSteps.Reboot, WorkspaceAction.Complete, WorkspaceStatus.Ready },
        { "terminate sends", WorkspaceStatus.Terminating, CloudStates.Available, null, WorkspaceSteps.Terminate, WorkspaceAction.Terminate, null },
        { "terminating waits", WorkspaceStatus.Terminating, CloudStates.Terminating, 5, WorkspaceSteps.Terminate, WorkspaceAction.Wait, null },
        { "gone after terminate completes", WorkspaceStatus.Terminating, "-", 5, WorkspaceSteps.Terminate, WorkspaceAction.Complete, WorkspaceStatus.Terminated },
        { "ready rests", WorkspaceStatus.Ready, CloudStates.Available, null, "", WorkspaceAction.None, null },
        { "failed rests", WorkspaceStatus.Failed, null, null, "", WorkspaceAction.None, null },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Plans_the_next_action(string description, string status, string? cloudState, int? sentSecondsAgo, string step, WorkspaceAction action, string? next)
    {
        // "-": the workspace has a cloud id, but the cloud does not show it; null: no cloud id yet.
        var cloudId = cloudState is null ? null : "ws-00000001";
        var observed = cloudState is null or "-" ? null : new CloudWorkspace("ws-00000001", cloudState);
        var snapshot = new WorkspaceSnapshot(status, cloudId, Now.AddMinutes(-5), sentSecondsAgo is { } s ? Now.AddSeconds(-s) : null);

        var plan = WorkspacePlanner.Plan(snapshot, observed, Now, Options);

        Assert.True(action == plan.Action, $"{description}: expected {action}, planned {plan.Action}");
        Assert.Equal(step, plan.Step);
        Assert.Equal(next, plan.NextStatus);
    }

    [Fact]
    public void Once_the_directory_is_secured_a_new_request_creates()
    {
        var secured = new StepSnapshot(WorkspaceSteps.SecureDirectory, StepStatus.Succeeded, null, Now.AddSeconds(-1));
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, null, Now.AddMinutes(-1), null, [secured]);

        var plan = WorkspacePlanner.Plan(snapshot, null, Now, Options);

        Assert.Equal((WorkspaceAction.Create, WorkspaceSteps.Create), (plan.Action, plan.Step));
    }

    [Theory]
    [InlineData(CloudStates.Error, true)]
    [InlineData(CloudStates.Unhealthy, true)]
    [InlineData(CloudStates.Terminated, false)] // already gone
    public void A_build_the_cloud_failed_says_whether_its_WorkSpace_is_terminated(string state, bool terminate)
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now.AddMinutes(-5), null);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", state), Now, Options);

        Assert.Equal((WorkspaceAction.Fail, terminate), (plan.Action, plan.TerminateCloud));
    }

    [Fact]
    public void A_build_past_the_provisioning_timeout_fails()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Provisioning, "ws-00000001", Now - Options.ProvisionTimeout - TimeSpan.FromSeconds(1), null);

        var plan = WorkspacePlanner.Plan(snapshot, new CloudWorkspace("ws-00000001", CloudStates.Pending), Now, Options);

        Assert.Equal(WorkspaceAction.Fail, plan.Action);
        Assert.True(plan.TerminateCloud, "a timed-out build must not leave its WorkSpace running");
        Assert.Contains("not ready within", plan.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_inputs_always_give_the_same_plan()
    {
        var snapshot = new WorkspaceSnapshot(WorkspaceStatus.Stopping, "ws-00000001", Now.AddMinutes(-30), Now.AddSeconds(-3));
        var observed = new CloudWorkspace("ws-00000001", CloudStates.Stopping);

        var plans = Enumerable.Range(0, 3).Select(_ => WorkspacePlanner.Plan(snapshot, observed, Now, Options)).Distinct().ToList();

        Assert.Single(plans);
    }
}
