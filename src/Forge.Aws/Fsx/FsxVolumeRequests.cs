namespace Forge.Aws.Fsx;

// Inputs and outputs of CreateVolume, DescribeVolumes and DeleteVolume, named as in the FSx model.

public sealed class CreateAggregateConfiguration
{
    public List<string>? Aggregates { get; set; }

    public int? ConstituentsPerAggregate { get; set; }
}

public sealed class CreateSnaplockConfiguration
{
    public bool? AuditLogVolume { get; set; }

    public AutocommitPeriod? AutocommitPeriod { get; set; }

    public string? PrivilegedDelete { get; set; }

    public SnaplockRetentionPeriod? RetentionPeriod { get; set; }

    public required string SnaplockType { get; set; }

    public bool? VolumeAppendModeEnabled { get; set; }
}

public sealed class CreateOntapVolumeConfiguration
{
    /// <summary>Where the volume is mounted in the SVM's namespace; must start with <c>/</c>, e.g. <c>/home_ab12</c>.</summary>
    public string? JunctionPath { get; set; }

    public string? SecurityStyle { get; set; }

    /// <summary>Deprecated by AWS: prefer <see cref="SizeInBytes"/>.</summary>
    public int? SizeInMegabytes { get; set; }

    /// <summary>Required when <see cref="OntapVolumeType"/> is RW (the default).</summary>
    public bool? StorageEfficiencyEnabled { get; set; }

    public required string StorageVirtualMachineId { get; set; }

    public TieringPolicy? TieringPolicy { get; set; }

    /// <summary>RW (default) or DP.</summary>
    public string? OntapVolumeType { get; set; }

    public string? SnapshotPolicy { get; set; }

    public bool? CopyTagsToBackups { get; set; }

    public CreateSnaplockConfiguration? SnaplockConfiguration { get; set; }

    public string? VolumeStyle { get; set; }

    public CreateAggregateConfiguration? AggregateConfiguration { get; set; }

    public long? SizeInBytes { get; set; }
}

public sealed class CreateVolumeRequest
{
    /// <summary>
    /// Idempotency token (1..63 of <c>[A-Za-z0-9_.-]</c>). <see cref="FsxClient.CreateVolumeAsync"/> fills a
    /// fresh one when unset; pass your own to make retries across calls (or process restarts) idempotent.
    /// </summary>
    public string? ClientRequestToken { get; set; }

    /// <summary>A <see cref="Fsx.VolumeType"/> value; Forge uses ONTAP.</summary>
    public required string VolumeType { get; set; }

    public required string Name { get; set; }

    public CreateOntapVolumeConfiguration? OntapConfiguration { get; set; }

    public List<Tag>? Tags { get; set; }
}

public sealed class CreateVolumeResponse
{
    public Volume? Volume { get; set; }
}

public sealed class VolumeFilter
{
    /// <summary>A <see cref="VolumeFilterName"/> value.</summary>
    public string? Name { get; set; }

    public List<string>? Values { get; set; }
}

public sealed class DescribeVolumesRequest
{
    /// <summary>At most 50 ids.</summary>
    public List<string>? VolumeIds { get; set; }

    /// <summary>At most 2 filters, 20 values each.</summary>
    public List<VolumeFilter>? Filters { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeVolumesResponse
{
    public List<Volume>? Volumes { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DeleteVolumeOntapConfiguration
{
    /// <summary>Default false: AWS takes a final backup unless told to skip it.</summary>
    public bool? SkipFinalBackup { get; set; }

    public List<Tag>? FinalBackupTags { get; set; }

    public bool? BypassSnaplockEnterpriseRetention { get; set; }
}

public sealed class DeleteVolumeRequest
{
    public string? ClientRequestToken { get; set; }

    public required string VolumeId { get; set; }

    public DeleteVolumeOntapConfiguration? OntapConfiguration { get; set; }
}

public sealed class DeleteVolumeOntapResponse
{
    public string? FinalBackupId { get; set; }

    public List<Tag>? FinalBackupTags { get; set; }
}

public sealed class DeleteVolumeResponse
{
    public string? VolumeId { get; set; }

    public string? Lifecycle { get; set; }

    public DeleteVolumeOntapResponse? OntapResponse { get; set; }
}
