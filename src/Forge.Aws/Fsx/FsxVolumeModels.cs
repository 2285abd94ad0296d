namespace Forge.Aws.Fsx;

// Shapes of the FSx model (2018-03-01) that describe an ONTAP volume. Member names are the model's.

public sealed class Tag
{
    public required string Key { get; set; }

    public required string Value { get; set; }
}

public sealed class TieringPolicy
{
    /// <summary>Days (2..183) before data is tiered; only for AUTO and SNAPSHOT_ONLY.</summary>
    public int? CoolingPeriod { get; set; }

    /// <summary>A <see cref="TieringPolicyName"/> value.</summary>
    public string? Name { get; set; }
}

public sealed class LifecycleTransitionReason
{
    public string? Message { get; set; }
}

public sealed class AdministrativeActionFailureDetails
{
    public string? Message { get; set; }
}

public sealed class AggregateConfiguration
{
    public List<string>? Aggregates { get; set; }

    public int? TotalConstituents { get; set; }
}

public sealed class AutocommitPeriod
{
    public required string Type { get; set; }

    public int? Value { get; set; }
}

public sealed class RetentionPeriod
{
    public required string Type { get; set; }

    public int? Value { get; set; }
}

public sealed class SnaplockRetentionPeriod
{
    public required RetentionPeriod DefaultRetention { get; set; }

    public required RetentionPeriod MinimumRetention { get; set; }

    public required RetentionPeriod MaximumRetention { get; set; }
}

public sealed class SnaplockConfiguration
{
    public bool? AuditLogVolume { get; set; }

    public AutocommitPeriod? AutocommitPeriod { get; set; }

    public string? PrivilegedDelete { get; set; }

    public SnaplockRetentionPeriod? RetentionPeriod { get; set; }

    public string? SnaplockType { get; set; }

    public bool? VolumeAppendModeEnabled { get; set; }
}

public sealed class OntapVolumeConfiguration
{
    public string? FlexCacheEndpointType { get; set; }

    public string? JunctionPath { get; set; }

    public string? SecurityStyle { get; set; }

    /// <summary>Deprecated by AWS in favour of <see cref="SizeInBytes"/>.</summary>
    public int? SizeInMegabytes { get; set; }

    public bool? StorageEfficiencyEnabled { get; set; }

    public string? StorageVirtualMachineId { get; set; }

    public bool? StorageVirtualMachineRoot { get; set; }

    public TieringPolicy? TieringPolicy { get; set; }

    public string? UUID { get; set; }

    public string? OntapVolumeType { get; set; }

    public string? SnapshotPolicy { get; set; }

    public bool? CopyTagsToBackups { get; set; }

    public SnaplockConfiguration? SnaplockConfiguration { get; set; }

    public string? VolumeStyle { get; set; }

    public AggregateConfiguration? AggregateConfiguration { get; set; }

    public long? SizeInBytes { get; set; }
}

/// <summary>
/// An administrative action on a volume. <c>TargetFileSystemValues</c> and <c>TargetSnapshotValues</c>
/// are left out: Forge never acts on file systems or snapshots, and unknown members are ignored on read.
/// </summary>
public sealed class AdministrativeAction
{
    public string? AdministrativeActionType { get; set; }

    public int? ProgressPercent { get; set; }

    public DateTimeOffset? RequestTime { get; set; }

    public string? Status { get; set; }

    public AdministrativeActionFailureDetails? FailureDetails { get; set; }

    public Volume? TargetVolumeValues { get; set; }

    public long? TotalTransferBytes { get; set; }

    public long? RemainingTransferBytes { get; set; }

    public string? Message { get; set; }
}

/// <summary>An FSx volume. OpenZFS members are left out: Forge provisions ONTAP volumes only.</summary>
public sealed class Volume
{
    public DateTimeOffset? CreationTime { get; set; }

    public string? FileSystemId { get; set; }

    /// <summary>A <see cref="VolumeLifecycle"/> value.</summary>
    public string? Lifecycle { get; set; }

    public string? Name { get; set; }

    public OntapVolumeConfiguration? OntapConfiguration { get; set; }

    public string? ResourceARN { get; set; }

    public List<Tag>? Tags { get; set; }

    public string? VolumeId { get; set; }

    public string? VolumeType { get; set; }

    public LifecycleTransitionReason? LifecycleTransitionReason { get; set; }

    public List<AdministrativeAction>? AdministrativeActions { get; set; }
}
