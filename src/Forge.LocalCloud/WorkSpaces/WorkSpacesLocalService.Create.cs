using System.Globalization;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Protocol;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

public sealed partial class WorkSpacesLocalService
{
    private const int MaxBatch = 25;

    /// <summary>
    /// Builds each valid request and reports each invalid one in FailedRequests with the error it would
    /// have raised alone: the call as a whole only fails when its shape is wrong.
    /// </summary>
    private JsonObject CreateWorkspaces(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var requests = Array(input, "Workspaces") ?? throw Invalid("The Workspaces parameter is required.");
        CheckCount("Workspaces", requests.Count, 1, MaxBatch);
        var pending = new JsonArray();
        var failed = new JsonArray();
        foreach (var request in Objects(requests, "Workspaces"))
        {
            try
            {
                var workspace = Build(region, request, now);
                region.Add(workspace);
                _machines.Add(workspace.Machine);
                Schedule(workspace, now);
                LogCreated(_logger, workspace.WorkspaceId, region.Region, workspace.UserName, workspace.BundleId);
                pending.Add(Render(workspace));
            }
            catch (LocalCloudException error) when (error.Code != "SerializationException")
            {
                failed.Add(new JsonObject
                {
                    ["WorkspaceRequest"] = request.DeepClone(),
                    ["ErrorCode"] = error.Code,
                    ["ErrorMessage"] = error.Message,
                });
            }
        }

        return new JsonObject { ["FailedRequests"] = failed, ["PendingRequests"] = pending };
    }

    private LocalWorkspace Build(WorkSpacesRegion region, JsonObject request, DateTimeOffset now)
    {
        var directoryId = RequiredString(request, "DirectoryId");
        var userName = RequiredString(request, "UserName");
        var bundleId = RequiredString(request, "BundleId");
        if (userName.Length is 0 or > 63)
        {
            throw Invalid("The user name must be 1 to 63 characters long.");
        }

        if (String(request, "WorkspaceName") is { } name && !IsWorkspaceName(name))
        {
            throw Invalid($"The WorkSpace name '{name}' is not valid: it must match ^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{{1,63}}$.");
        }

        if (userName == "[UNDEFINED]" && String(request, "WorkspaceName") is null)
        {
            throw Invalid("A WorkspaceName is required for a WorkSpace without a user.");
        }

        var directory = (IsDirectoryId(directoryId) ? region.Directory(directoryId) : null)
            ?? throw NotFound($"The directory {directoryId} could not be found in {region.Region}.");
        var bundle = (IsBundleId(bundleId) ? region.Bundle(bundleId) : null)
            ?? throw NotFound($"The bundle {bundleId} could not be found in {region.Region}.");
        var tags = Array(request, "Tags") is { } tagList ? TagSet.Parse(tagList) : [];
        var properties = InitialProperties(bundle, Object(request, "WorkspaceProperties"));
        var sequence = ++_nextSequence;
        var workspaceId = "ws-" + _ids.Alphanumeric(9);
        var computerName = bundle.Platform == "Windows" ? "WSAMZN-" + _ids.Chars(8, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ") : "A-" + _ids.Chars(13, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ");
        var workspace = new LocalWorkspace
        {
            WorkspaceId = workspaceId,
            Region = region.Region,
            DirectoryId = directory.DirectoryId,
            UserName = userName,
            BundleId = bundle.BundleId,
            Request = request,
            IpAddress = string.Create(CultureInfo.InvariantCulture, $"10.0.{1 + (sequence / 250 % 250)}.{4 + (sequence % 250)}"),
            SubnetId = directory.SubnetIds[(int)(sequence % directory.SubnetIds.Count)],
            ComputerName = computerName,
            Properties = properties,
            Machine = new Machine(workspaceId, "mi-" + _ids.Hex(17), region.Region, bundle.Platform, computerName) { UserName = userName },
            Sequence = sequence,
            CreatedAt = now,
            VisibleAt = now + _options.ConsistencyDelay,
        };
        workspace.Tags.Apply(tags);
        workspace.Begin("PENDING", now, _options.WorkspaceBuildTime + _faults.BuildDelay("workspaces", "CreateWorkspaces"), "AVAILABLE");
        return workspace;
    }

    /// <summary>The requested properties over the bundle's defaults; ALWAYS_ON when no running mode is given, as AWS does.</summary>
    private static JsonObject InitialProperties(LocalBundle bundle, JsonObject? requested)
    {
        var properties = new JsonObject
        {
            ["RunningMode"] = "ALWAYS_ON",
            ["RootVolumeSizeGib"] = bundle.RootGib,
            ["UserVolumeSizeGib"] = bundle.UserGib,
            ["ComputeTypeName"] = bundle.Compute,
            ["Protocols"] = new JsonArray(bundle.Protocol),
            ["OperatingSystemName"] = bundle.OperatingSystemName,
        };
        if (requested is not null)
        {
            ApplyProperties(properties, ReadProperties(requested));
        }

        if ((string?)properties["RunningMode"] == "AUTO_STOP" && properties["RunningModeAutoStopTimeoutInMinutes"] is null)
        {
            properties["RunningModeAutoStopTimeoutInMinutes"] = 60;
        }

        return properties;
    }
}
