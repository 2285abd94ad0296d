namespace Forge.LocalCloud.WorkSpaces;

// Acting as a WorkSpace's user (the control surface's connect and disconnect).
public sealed partial class WorkSpacesLocalService
{
    /// <summary>Acts as the user of a WorkSpace connecting; a stopped AUTO_STOP WorkSpace starts for them.</summary>
    public UserSessionOutcome Connect(string workspaceId)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (FindAnyRegion(workspaceId, now) is not { } workspace)
            {
                return UserSessionOutcome.NotFound;
            }

            var outcome = workspace.State switch
            {
                "AVAILABLE" => Connected(workspace, now),
                "STOPPED" when workspace.RunningMode == "AUTO_STOP" => StartForUser(workspace, now),
                "STARTING" => Pending(workspace),
                _ => UserSessionOutcome.Unavailable,
            };
            Schedule(workspace, now);
            return outcome;
        }
    }

    public UserSessionOutcome Disconnect(string workspaceId)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (FindAnyRegion(workspaceId, now) is not { } workspace)
            {
                return UserSessionOutcome.NotFound;
            }

            workspace.ConnectPending = false;
            workspace.UserDisconnected(now);
            Schedule(workspace, now);
            return UserSessionOutcome.Disconnected;
        }
    }

    private static UserSessionOutcome Connected(LocalWorkspace workspace, DateTimeOffset now)
    {
        workspace.UserConnected(now);
        return UserSessionOutcome.Connected;
    }

    private UserSessionOutcome StartForUser(LocalWorkspace workspace, DateTimeOffset now)
    {
        workspace.Begin("STARTING", now, _options.WorkspaceTransitionTime, "AVAILABLE");
        return Pending(workspace);
    }

    private static UserSessionOutcome Pending(LocalWorkspace workspace)
    {
        workspace.ConnectPending = true;
        return UserSessionOutcome.Starting;
    }

    private LocalWorkspace? FindAnyRegion(string workspaceId, DateTimeOffset now)
    {
        foreach (var region in _regions.Values)
        {
            if (region.Find(workspaceId) is { } workspace)
            {
                Refresh(region, workspace, now);
                region.Purge();
                return workspace.IsGone ? null : workspace;
            }
        }

        return null;
    }
}

/// <summary>What a user's connect or disconnect did.</summary>
public enum UserSessionOutcome
{
    NotFound,
    Connected,
    Starting,
    Disconnected,
    Unavailable,
}
