using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

public sealed partial class WorkSpacesLocalService
{
    /// <summary>Reboot may repeat on a REBOOTING WorkSpace only once it has been stuck this long (model docs).</summary>
    private static readonly TimeSpan StuckRebootAfter = TimeSpan.FromMinutes(20);

    /// <summary>
    /// Start, Stop, Reboot and Terminate: up to 25 ids, HTTP 200 whatever happens to each; each refused
    /// item is reported in FailedRequests with the error code of the model's matching error shape.
    /// </summary>
    private JsonObject ChangeWorkspaces(WorkSpacesRegion region, JsonObject input, DateTimeOffset now, string listName,
        Func<LocalWorkspace, DateTimeOffset, LocalCloudException?> change)
    {
        var requests = Array(input, listName) ?? throw Invalid($"The {listName} parameter is required.");
        CheckCount(listName, requests.Count, 1, MaxBatch);
        var failed = new JsonArray();
        foreach (var request in Objects(requests, listName))
        {
            var id = String(request, "WorkspaceId");
            var error = id is null ? Invalid("The WorkspaceId is required.")
                : !IsWorkspaceId(id) ? Invalid($"The WorkSpace ID '{id}' is not valid.")
                : FindWorkspace(region, id, now) is { } workspace ? Apply(workspace, now, change)
                : NotFound($"The WorkSpace {id} could not be found.");
            if (error is not null)
            {
                failed.Add(new JsonObject { ["WorkspaceId"] = id, ["ErrorCode"] = error.Code, ["ErrorMessage"] = error.Message });
            }
        }

        return new JsonObject { ["FailedRequests"] = failed };
    }

    private LocalCloudException? Apply(LocalWorkspace workspace, DateTimeOffset now, Func<LocalWorkspace, DateTimeOffset, LocalCloudException?> change)
    {
        var error = change(workspace, now);
        Schedule(workspace, now);
        return error;
    }

    private LocalCloudException? Start(LocalWorkspace workspace, DateTimeOffset now)
    {
        if (workspace.RunningMode is not ("AUTO_STOP" or "MANUAL"))
        {
            return new LocalCloudException(OperationNotSupported,
                $"The WorkSpace {workspace.WorkspaceId} runs in {workspace.RunningMode} mode; only AUTO_STOP and MANUAL WorkSpaces can be started.");
        }

        if (workspace.State != "STOPPED")
        {
            return WrongState(workspace, "started", "STOPPED");
        }

        workspace.Begin("STARTING", now, _options.WorkspaceTransitionTime, "AVAILABLE");
        return null;
    }

    private LocalCloudException? Stop(LocalWorkspace workspace, DateTimeOffset now)
    {
        if (workspace.RunningMode is not ("AUTO_STOP" or "MANUAL"))
        {
            return new LocalCloudException(OperationNotSupported,
                $"The WorkSpace {workspace.WorkspaceId} runs in {workspace.RunningMode} mode; only AUTO_STOP and MANUAL WorkSpaces can be stopped.");
        }

        if (workspace.State is not ("AVAILABLE" or "IMPAIRED" or "UNHEALTHY" or "ERROR"))
        {
            return WrongState(workspace, "stopped", "AVAILABLE, IMPAIRED, UNHEALTHY or ERROR");
        }

        workspace.Begin("STOPPING", now, _options.WorkspaceTransitionTime, "STOPPED");
        return null;
    }

    private LocalCloudException? Reboot(LocalWorkspace workspace, DateTimeOffset now)
    {
        var stuck = workspace.State == "REBOOTING" && now - workspace.StateSince > StuckRebootAfter;
        if (workspace.State is not ("AVAILABLE" or "UNHEALTHY" or "IMPAIRED") && !stuck)
        {
            return WrongState(workspace, "rebooted", "AVAILABLE or UNHEALTHY (or REBOOTING for over 20 minutes)");
        }

        workspace.Begin("REBOOTING", now, _options.WorkspaceTransitionTime, "AVAILABLE");
        return null;
    }

    /// <summary>Terminate works in every state but SUSPENDED; asking again while it terminates is not an error.</summary>
    private LocalCloudException? Terminate(LocalWorkspace workspace, DateTimeOffset now)
    {
        switch (workspace.State)
        {
            case "SUSPENDED":
                return WrongState(workspace, "terminated", "any state but SUSPENDED");
            case "TERMINATING" or "TERMINATED":
                return null;
            default:
                workspace.ConnectPending = false;
                workspace.Begin("TERMINATING", now, _options.WorkspaceTransitionTime, "TERMINATED");
                return null;
        }
    }

    private static LocalCloudException WrongState(LocalWorkspace workspace, string verb, string expected) =>
        new(InvalidResourceState, $"The WorkSpace {workspace.WorkspaceId} is {workspace.State}; it can only be {verb} when {expected}.");

    /// <summary>The WorkSpace as of <paramref name="now"/>, or null when it does not exist (or no longer does).</summary>
    private LocalWorkspace? FindWorkspace(WorkSpacesRegion region, string workspaceId, DateTimeOffset now)
    {
        if (region.Find(workspaceId) is not { } workspace)
        {
            return null;
        }

        Refresh(region, workspace, now);
        return workspace.IsGone ? null : workspace;
    }
}
