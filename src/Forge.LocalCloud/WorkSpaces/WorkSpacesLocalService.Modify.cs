using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;
using static Forge.LocalCloud.WorkSpaces.WorkSpacesInput;

namespace Forge.LocalCloud.WorkSpaces;

public sealed partial class WorkSpacesLocalService
{
    private static readonly string[] DeviceTypes =
    [
        "DeviceTypeWindows", "DeviceTypeOsx", "DeviceTypeWeb", "DeviceTypeIos", "DeviceTypeAndroid",
        "DeviceTypeChromeOs", "DeviceTypeZeroClient", "DeviceTypeLinux", "DeviceTypeWorkSpacesThinClient",
    ];

    /// <summary>
    /// Changes a WorkSpace's properties: allowed when AVAILABLE or STOPPED; the WorkSpace is UPDATING for
    /// the transition time and then returns to where it was. Volumes only grow, compute type and volume
    /// sizes cannot change in one request, and resizes are rationed (<see cref="WorkspaceResizeRules"/>).
    /// </summary>
    private JsonObject ModifyWorkspaceProperties(WorkSpacesRegion region, JsonObject input, DateTimeOffset now)
    {
        var id = RequiredString(input, "WorkspaceId");
        CheckWorkspaceId(id);
        var requested = Object(input, "WorkspaceProperties");
        var replication = Enum(input, "DataReplication", "NO_REPLICATION", "PRIMARY_AS_SOURCE");
        if (requested is null && replication is null)
        {
            throw Invalid("Specify WorkspaceProperties or DataReplication.");
        }

        var set = requested is null ? [] : ReadProperties(requested);
        var workspace = FindWorkspace(region, id, now) ?? throw NotFound($"The WorkSpace {id} could not be found.");
        if (workspace.State == "UPDATING")
        {
            throw new LocalCloudException(OperationInProgress, "The properties of this WorkSpace are currently being modified. Try again in a moment.");
        }

        if (workspace.State is not ("AVAILABLE" or "STOPPED"))
        {
            throw new LocalCloudException(InvalidResourceState, $"The WorkSpace {id} is {workspace.State}; it can only be modified when AVAILABLE or STOPPED.");
        }

        var resources = ChangedResources(workspace.Properties, set);
        WorkspaceResizeRules.Apply(workspace, resources, (string?)workspace.Properties["ComputeTypeName"], (string?)set["ComputeTypeName"], now);
        ApplyProperties(workspace.Properties, set);
        if ((string?)workspace.Properties["RunningMode"] == "AUTO_STOP")
        {
            workspace.Properties["RunningModeAutoStopTimeoutInMinutes"] ??= 60;
        }

        workspace.DataReplication = replication ?? workspace.DataReplication;
        var previous = workspace.State;
        workspace.Begin("UPDATING", now, _options.WorkspaceTransitionTime, previous);
        workspace.Modifications.AddRange(resources);
        Schedule(workspace, now);
        return [];
    }

    /// <summary>The ModificationStates resources a change touches; refuses shrinking volumes.</summary>
    private static List<string> ChangedResources(JsonObject current, JsonObject set)
    {
        var resources = new List<string>();
        if (set["ComputeTypeName"] is not null && (set["RootVolumeSizeGib"] is not null || set["UserVolumeSizeGib"] is not null))
        {
            throw Invalid("The compute type and the volume sizes cannot be changed in the same request.");
        }

        foreach (var (member, resource) in new[] { ("RootVolumeSizeGib", "ROOT_VOLUME"), ("UserVolumeSizeGib", "USER_VOLUME") })
        {
            if ((int?)set[member] is { } size && size != (int?)current[member])
            {
                resources.Add(size > ((int?)current[member] ?? 0) ? resource : throw Invalid($"{member} can only be increased."));
            }
        }

        if ((string?)set["ComputeTypeName"] is { } compute && compute != (string?)current["ComputeTypeName"])
        {
            resources.Add("COMPUTE_TYPE");
        }

        if (set["Protocols"] is { } protocols && !JsonNode.DeepEquals(protocols, current["Protocols"]))
        {
            resources.Add("PROTOCOL");
        }

        return resources;
    }

    private static JsonObject ModifyAccessProperties(WorkSpacesRegion region, JsonObject input)
    {
        var directory = DirectoryFor(region, RequiredString(input, "ResourceId"));
        var properties = Object(input, "WorkspaceAccessProperties") ?? throw Invalid("The WorkspaceAccessProperties parameter is required.");
        var changes = new JsonObject();
        foreach (var deviceType in DeviceTypes)
        {
            if (Enum(properties, deviceType, "ALLOW", "DENY") is { } value)
            {
                changes[deviceType] = value;
            }
        }

        if (Object(properties, "AccessEndpointConfig") is { } endpoints)
        {
            var list = Array(endpoints, "AccessEndpoints") ?? throw Invalid("AccessEndpointConfig.AccessEndpoints is required.");
            foreach (var endpoint in Objects(list, "AccessEndpoints"))
            {
                Enum(endpoint, "AccessEndpointType", "STREAMING_WSP");
            }

            changes["AccessEndpointConfig"] = endpoints.DeepClone();
        }

        ApplyProperties(directory.AccessProperties, changes);
        return [];
    }

    private static JsonObject ModifyCreationProperties(WorkSpacesRegion region, JsonObject input)
    {
        var directory = DirectoryFor(region, RequiredString(input, "ResourceId"));
        var properties = Object(input, "WorkspaceCreationProperties") ?? throw Invalid("The WorkspaceCreationProperties parameter is required.");
        var changes = new JsonObject();
        foreach (var flag in new[] { "EnableInternetAccess", "UserEnabledAsLocalAdministrator", "EnableMaintenanceMode" })
        {
            if (Bool(properties, flag) is { } value)
            {
                changes[flag] = value;
            }
        }

        // DefaultOu is a free-form distinguished name: the API does not validate it.
        if (String(properties, "DefaultOu") is { } ou)
        {
            changes["DefaultOu"] = ou;
        }

        if (String(properties, "CustomSecurityGroupId") is { } group)
        {
            changes["CustomSecurityGroupId"] = IsSecurityGroupId(group) ? group : throw Invalid($"The security group ID '{group}' is not valid.");
        }

        if (String(properties, "InstanceIamRoleArn") is { } role)
        {
            changes["InstanceIamRoleArn"] = IsArn(role) ? role : throw Invalid($"The ARN '{role}' is not valid.");
        }

        ApplyProperties(directory.CreationProperties, changes);
        return [];
    }

    private static LocalDirectory DirectoryFor(WorkSpacesRegion region, string directoryId)
    {
        if (!IsDirectoryId(directoryId))
        {
            throw Invalid($"The directory ID '{directoryId}' is not valid.");
        }

        return region.Directory(directoryId) ?? throw NotFound($"The directory {directoryId} could not be found in {region.Region}.");
    }
}
