namespace Forge.Aws.WorkSpaces;

// Shapes of the WorkSpaces API (2015-04-08) that describe a WorkSpace, named exactly as in the model.
// Enum-valued members are strings: AWS adds values, see WorkSpacesConstants.cs.

public sealed class Workspace
{
    public string? WorkspaceId { get; set; }

    public string? DirectoryId { get; set; }

    public string? UserName { get; set; }

    public string? IpAddress { get; set; }

    public string? Ipv6Address { get; set; }

    /// <summary>A <see cref="WorkspaceState"/> value.</summary>
    public string? State { get; set; }

    public string? BundleId { get; set; }

    public string? SubnetId { get; set; }

    public string? ErrorMessage { get; set; }

    public string? ErrorCode { get; set; }

    public string? ComputerName { get; set; }

    public string? VolumeEncryptionKey { get; set; }

    public bool? UserVolumeEncryptionEnabled { get; set; }

    public bool? RootVolumeEncryptionEnabled { get; set; }

    public string? WorkspaceName { get; set; }

    public WorkspaceProperties? WorkspaceProperties { get; set; }

    public List<ModificationState>? ModificationStates { get; set; }

    public List<RelatedWorkspaceProperties>? RelatedWorkspaces { get; set; }

    public DataReplicationSettings? DataReplicationSettings { get; set; }

    public List<StandbyWorkspacesProperties>? StandbyWorkspacesProperties { get; set; }
}

public sealed class WorkspaceProperties
{
    /// <summary>A <see cref="RunningMode"/> value.</summary>
    public string? RunningMode { get; set; }

    /// <summary>Minutes without a connected user before an AUTO_STOP WorkSpace stops; steps of 60.</summary>
    public int? RunningModeAutoStopTimeoutInMinutes { get; set; }

    public int? RootVolumeSizeGib { get; set; }

    public int? UserVolumeSizeGib { get; set; }

    /// <summary>A <see cref="Compute"/> value.</summary>
    public string? ComputeTypeName { get; set; }

    /// <summary><see cref="Protocol"/> values.</summary>
    public List<string>? Protocols { get; set; }

    /// <summary>An <see cref="OperatingSystemName"/> value.</summary>
    public string? OperatingSystemName { get; set; }

    public GlobalAcceleratorForWorkSpace? GlobalAccelerator { get; set; }
}

public sealed class GlobalAcceleratorForWorkSpace
{
    /// <summary>ENABLED_AUTO, DISABLED or INHERITED. Required.</summary>
    public string Mode { get; set; } = "";

    /// <summary>TCP, NONE or INHERITED.</summary>
    public string? PreferredProtocol { get; set; }
}

public sealed class ModificationState
{
    /// <summary>ROOT_VOLUME, USER_VOLUME, COMPUTE_TYPE or PROTOCOL.</summary>
    public string? Resource { get; set; }

    /// <summary>UPDATE_INITIATED, UPDATE_IN_PROGRESS or UPDATE_FAILED.</summary>
    public string? State { get; set; }
}

public sealed class RelatedWorkspaceProperties
{
    public string? WorkspaceId { get; set; }

    public string? Region { get; set; }

    public string? State { get; set; }

    /// <summary>PRIMARY or STANDBY.</summary>
    public string? Type { get; set; }
}

public sealed class DataReplicationSettings
{
    /// <summary>NO_REPLICATION or PRIMARY_AS_SOURCE.</summary>
    public string? DataReplication { get; set; }

    public DateTimeOffset? RecoverySnapshotTime { get; set; }
}

public sealed class StandbyWorkspacesProperties
{
    public string? StandbyWorkspaceId { get; set; }

    public string? DataReplication { get; set; }

    public DateTimeOffset? RecoverySnapshotTime { get; set; }
}

/// <summary>One WorkSpace to create. DirectoryId, UserName (1..63) and BundleId are required.</summary>
public sealed class WorkspaceRequest
{
    public string DirectoryId { get; set; } = "";

    public string UserName { get; set; } = "";

    public string BundleId { get; set; } = "";

    public string? VolumeEncryptionKey { get; set; }

    public bool? UserVolumeEncryptionEnabled { get; set; }

    public bool? RootVolumeEncryptionEnabled { get; set; }

    public WorkspaceProperties? WorkspaceProperties { get; set; }

    public List<Tag>? Tags { get; set; }

    /// <summary>2..64 characters of letters, digits and <c>_.()-</c>, not starting with <c>.</c> or <c>-</c>.</summary>
    public string? WorkspaceName { get; set; }

    public string? Ipv6Address { get; set; }
}

/// <summary>A tag: key 1..127 characters, value 0..255; at most 50 per resource.</summary>
public sealed class Tag
{
    public string Key { get; set; } = "";

    public string? Value { get; set; }
}

public sealed class FailedCreateWorkspaceRequest
{
    public WorkspaceRequest? WorkspaceRequest { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

/// <summary>A WorkSpace that could not be started, stopped, rebooted or terminated.</summary>
public sealed class FailedWorkspaceChangeRequest
{
    public string? WorkspaceId { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }
}

public sealed class WorkspaceConnectionStatus
{
    public string? WorkspaceId { get; set; }

    /// <summary>A <see cref="ConnectionState"/> value; UNKNOWN while the WorkSpace is stopped.</summary>
    public string? ConnectionState { get; set; }

    public DateTimeOffset? ConnectionStateCheckTimestamp { get; set; }

    /// <summary>Absent until a user has connected once.</summary>
    public DateTimeOffset? LastKnownUserConnectionTimestamp { get; set; }
}
