using System.Text.Json.Nodes;

namespace Forge.LocalCloud.WorkSpaces;

// The output structures, member names exactly as in the model; members without a value are left out.
public sealed partial class WorkSpacesLocalService
{
    private static readonly string[] EchoedRequestMembers =
        ["WorkspaceName", "VolumeEncryptionKey", "UserVolumeEncryptionEnabled", "RootVolumeEncryptionEnabled", "Ipv6Address"];

    private static JsonObject Render(LocalWorkspace workspace)
    {
        var output = new JsonObject
        {
            ["WorkspaceId"] = workspace.WorkspaceId,
            ["DirectoryId"] = workspace.DirectoryId,
            ["UserName"] = workspace.UserName,
            ["IpAddress"] = workspace.IpAddress,
            ["State"] = workspace.State,
            ["BundleId"] = workspace.BundleId,
            ["SubnetId"] = workspace.SubnetId,
            ["ComputerName"] = workspace.ComputerName,
        };
        foreach (var member in EchoedRequestMembers)
        {
            if (workspace.Request[member] is { } value)
            {
                output[member] = value.DeepClone();
            }
        }

        output["WorkspaceProperties"] = workspace.Properties.DeepClone();
        if (workspace.Modifications.Count > 0)
        {
            output["ModificationStates"] = new JsonArray([.. workspace.Modifications.Select(resource =>
                (JsonNode)new JsonObject { ["Resource"] = resource, ["State"] = "UPDATE_IN_PROGRESS" })]);
        }

        if (workspace.DataReplication is { } replication)
        {
            output["DataReplicationSettings"] = new JsonObject { ["DataReplication"] = replication };
        }

        return output;
    }

    /// <summary>CONNECTED or DISCONNECTED only while the WorkSpace runs; UNKNOWN otherwise (stopped included).</summary>
    private static JsonObject RenderConnection(LocalWorkspace workspace, DateTimeOffset now)
    {
        bool connected;
        DateTimeOffset? last;
        lock (workspace.Machine.Gate)
        {
            connected = workspace.Machine.UserConnected;
            last = workspace.Machine.LastUserConnection;
        }

        var output = new JsonObject
        {
            ["WorkspaceId"] = workspace.WorkspaceId,
            ["ConnectionState"] = workspace.State != "AVAILABLE" ? "UNKNOWN" : connected ? "CONNECTED" : "DISCONNECTED",
            ["ConnectionStateCheckTimestamp"] = Epoch(now),
        };
        if (last is { } lastConnection)
        {
            output["LastKnownUserConnectionTimestamp"] = Epoch(lastConnection);
        }

        return output;
    }

    private static JsonObject RenderBundle(LocalBundle bundle) => new()
    {
        ["BundleId"] = bundle.BundleId,
        ["Name"] = bundle.Name,
        ["Owner"] = "AMAZON",
        ["Description"] = bundle.Description,
        ["ImageId"] = bundle.ImageId,
        ["RootStorage"] = new JsonObject { ["Capacity"] = bundle.RootGib.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["UserStorage"] = new JsonObject { ["Capacity"] = bundle.UserGib.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        ["ComputeType"] = new JsonObject { ["Name"] = bundle.Compute },
        ["LastUpdatedTime"] = Epoch(WorkSpacesSeed.BundlesPublished),
        ["CreationTime"] = Epoch(WorkSpacesSeed.BundlesPublished),
        ["State"] = "AVAILABLE",
        ["BundleType"] = "REGULAR",
    };

    private static JsonObject RenderDirectory(LocalDirectory directory) => new()
    {
        ["DirectoryId"] = directory.DirectoryId,
        ["Alias"] = directory.Alias,
        ["DirectoryName"] = directory.DirectoryName,
        ["RegistrationCode"] = directory.RegistrationCode,
        ["SubnetIds"] = new JsonArray([.. directory.SubnetIds.Select(s => (JsonNode)s)]),
        ["DnsIpAddresses"] = new JsonArray([.. directory.DnsIpAddresses.Select(s => (JsonNode)s)]),
        ["CustomerUserName"] = directory.CustomerUserName,
        ["IamRoleId"] = directory.IamRoleId,
        ["DirectoryType"] = "AD_CONNECTOR",
        ["WorkspaceSecurityGroupId"] = directory.WorkspaceSecurityGroupId,
        ["State"] = "REGISTERED",
        ["WorkspaceCreationProperties"] = directory.CreationProperties.DeepClone(),
        ["ipGroupIds"] = new JsonArray(),
        ["WorkspaceAccessProperties"] = directory.AccessProperties.DeepClone(),
        ["Tenancy"] = "SHARED",
        ["SelfservicePermissions"] = new JsonObject
        {
            ["RestartWorkspace"] = "ENABLED",
            ["IncreaseVolumeSize"] = "DISABLED",
            ["ChangeComputeType"] = "DISABLED",
            ["SwitchRunningMode"] = "DISABLED",
            ["RebuildWorkspace"] = "DISABLED",
        },
        ["SamlProperties"] = new JsonObject { ["Status"] = "DISABLED" },
        ["CertificateBasedAuthProperties"] = new JsonObject { ["Status"] = "DISABLED" },
        ["EndpointEncryptionMode"] = "STANDARD_TLS",
        ["UserIdentityType"] = "AWS_DIRECTORY_SERVICE",
        ["WorkspaceType"] = "PERSONAL",
    };

    private static double Epoch(DateTimeOffset instant) => instant.ToUnixTimeMilliseconds() / 1000.0;
}
