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
}

/// <summary>The next thing to do for a workspace, and the step it belongs to.</summary>
public sealed record WorkspacePlan(WorkspaceAction Action, string Step, string? NextStatus = null, string? Error = null);

/// <summary>
/// What the planner knows about a workspace: its row, reduced to what decisions need.
/// <see cref="ActionIssuedAt"/>: when the current transition's cloud call (create, stop...) was sent.
/// </summary>
public sealed record WorkspaceSnapshot(string Status, string? CloudWorkspaceId, DateTimeOffset RequestedAt, DateTimeOffset? ActionIssuedAt);

public static class WorkspaceSteps
{
    public const string Create = "create-workspace";
    public const string WaitAvailable = "wait-available";
    public const string Stop = "stop-workspace";
    public const string Start = "start-workspace";
    public const string Reboot = "reboot-workspace";
    public const string Terminate = "terminate-workspace";
}

/// <summary>
/// Decides a workspace's next action from its snapshot and what the cloud shows: a pure function
/// (no database, no cloud, time passed in), so every branch has a table-driven test.
/// </summary>
public static class WorkspacePlanner
{
    public static WorkspacePlan Plan(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(options);
        return workspace.Status switch
        {
            WorkspaceStatus.Provisioning => PlanProvisioning(workspace, cloud, now, options),
            WorkspaceStatus.Stopping => PlanTransition(workspace, cloud, now, options, WorkspaceSteps.Stop, WorkspaceAction.Stop,
                from: CloudStates.Available, to: CloudStates.Stopped, WorkspaceStatus.Stopped),
            WorkspaceStatus.Starting => PlanTransition(workspace, cloud, now, options, WorkspaceSteps.Start, WorkspaceAction.Start,
                from: CloudStates.Stopped, to: CloudStates.Available, WorkspaceStatus.Ready),
            WorkspaceStatus.Rebooting => PlanReboot(workspace, cloud, now, options),
            WorkspaceStatus.Terminating => PlanTerminate(workspace, cloud, now, options),
            _ => new WorkspacePlan(WorkspaceAction.None, ""),
        };
    }

    private static WorkspacePlan PlanProvisioning(WorkspaceSnapshot workspace, CloudWorkspace? cloud, DateTimeOffset now, WorkspaceOptions options)
    {
        var step = workspace.CloudWorkspaceId is null ? WorkspaceSteps.Create : WorkspaceSteps.WaitAvailable;
        if (now - workspace.RequestedAt > options.ProvisionTimeout)
        {
            return new WorkspacePlan(WorkspaceAction.Fail, step, Error: $"The workspace was not ready within {options.ProvisionTimeout}.");
        }

        if (workspace.CloudWorkspaceId is null)
        {
            return new WorkspacePlan(WorkspaceAction.Create, step);
        }

        if (cloud is null && workspace.ActionIssuedAt is { } createdAt && now - createdAt >= options.CreatedWorkspaceGoneAfter)
        {
            return new WorkspacePlan(WorkspaceAction.Create, WorkspaceSteps.Create);
        }

        return cloud?.State switch
        {
            null or CloudStates.Pending => new WorkspacePlan(WorkspaceAction.Wait, step),
            CloudStates.Available => new WorkspacePlan(WorkspaceAction.Complete, step, WorkspaceStatus.Ready),
            CloudStates.Error or CloudStates.Unhealthy => new WorkspacePlan(WorkspaceAction.Fail, step,
                Error: $"The WorkSpace is {cloud.State}: {cloud.ErrorCode} {cloud.ErrorMessage}".TrimEnd()),
            CloudStates.Terminating or CloudStates.Terminated => new WorkspacePlan(WorkspaceAction.Fail, step,
                Error: "The WorkSpace was terminated outside Forge while it was being built."),
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

        var unsent = workspace.ActionIssuedAt is null || now - workspace.ActionIssuedAt.Value >= options.SettleTime;
        return cloud.State == from && unsent ? new WorkspacePlan(action, step) : new WorkspacePlan(WorkspaceAction.Wait, step);
    }

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

        // Unsent, or sent long enough ago that an unchanged state means it did not take: (re)send.
        // With no known WorkSpace the executor first looks for one an interrupted create may have made.
        var unsent = workspace.ActionIssuedAt is null || now - workspace.ActionIssuedAt.Value >= options.SettleTime;
        return unsent ? new WorkspacePlan(WorkspaceAction.Terminate, step) : new WorkspacePlan(WorkspaceAction.Wait, step);
    }
}
