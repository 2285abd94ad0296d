namespace Forge.Aws.DirectoryService;

// DescribeDirectories (API 2015-04-16) and the shapes of its answer, named as in the model.

public sealed class DescribeDirectoriesRequest
{
    /// <summary>
    /// Ids (<c>d-</c> + 10 hex) to describe; null describes every directory of the account.
    /// An empty list is refused by AWS with InvalidParameterException.
    /// </summary>
    public List<string>? DirectoryIds { get; set; }

    public string? NextToken { get; set; }

    /// <summary>Page size; 0 means the service maximum.</summary>
    public int? Limit { get; set; }
}

public sealed class DescribeDirectoriesResult
{
    public List<DirectoryDescription>? DirectoryDescriptions { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DirectoryVpcSettingsDescription
{
    public string? VpcId { get; set; }

    public List<string>? SubnetIds { get; set; }

    public string? SecurityGroupId { get; set; }

    public List<string>? AvailabilityZones { get; set; }
}

public sealed class DirectoryConnectSettingsDescription
{
    public string? VpcId { get; set; }

    public List<string>? SubnetIds { get; set; }

    public string? CustomerUserName { get; set; }

    public string? SecurityGroupId { get; set; }

    public List<string>? AvailabilityZones { get; set; }

    public List<string>? ConnectIps { get; set; }

    public List<string>? ConnectIpsV6 { get; set; }
}

public sealed class RadiusSettings
{
    public List<string>? RadiusServers { get; set; }

    public List<string>? RadiusServersIpv6 { get; set; }

    public int? RadiusPort { get; set; }

    public int? RadiusTimeout { get; set; }

    public int? RadiusRetries { get; set; }

    /// <summary>A secret: never log it.</summary>
    public string? SharedSecret { get; set; }

    public string? AuthenticationProtocol { get; set; }

    public string? DisplayLabel { get; set; }

    public bool? UseSameUsername { get; set; }
}

public sealed class OwnerDirectoryDescription
{
    public string? DirectoryId { get; set; }

    public string? AccountId { get; set; }

    public List<string>? DnsIpAddrs { get; set; }

    public List<string>? DnsIpv6Addrs { get; set; }

    public DirectoryVpcSettingsDescription? VpcSettings { get; set; }

    public RadiusSettings? RadiusSettings { get; set; }

    public string? RadiusStatus { get; set; }

    public string? NetworkType { get; set; }
}

public sealed class RegionsInfo
{
    public string? PrimaryRegion { get; set; }

    public List<string>? AdditionalRegions { get; set; }
}

public sealed class HybridSettingsDescription
{
    public List<string>? SelfManagedDnsIpAddrs { get; set; }

    public List<string>? SelfManagedInstanceIds { get; set; }
}

public sealed class DirectoryDescription
{
    public string? DirectoryId { get; set; }

    /// <summary>Fully qualified domain name, e.g. <c>corp.example.com</c>.</summary>
    public string? Name { get; set; }

    /// <summary>NetBIOS name, e.g. <c>CORP</c>.</summary>
    public string? ShortName { get; set; }

    public string? Size { get; set; }

    public string? Edition { get; set; }

    public string? Alias { get; set; }

    public string? AccessUrl { get; set; }

    public string? Description { get; set; }

    public List<string>? DnsIpAddrs { get; set; }

    public List<string>? DnsIpv6Addrs { get; set; }

    /// <summary>A <see cref="DirectoryStage"/> value.</summary>
    public string? Stage { get; set; }

    public string? ShareStatus { get; set; }

    public string? ShareMethod { get; set; }

    public string? ShareNotes { get; set; }

    public DateTimeOffset? LaunchTime { get; set; }

    public DateTimeOffset? StageLastUpdatedDateTime { get; set; }

    /// <summary>A <see cref="DirectoryType"/> value.</summary>
    public string? Type { get; set; }

    public DirectoryVpcSettingsDescription? VpcSettings { get; set; }

    public DirectoryConnectSettingsDescription? ConnectSettings { get; set; }

    public RadiusSettings? RadiusSettings { get; set; }

    public string? RadiusStatus { get; set; }

    public string? StageReason { get; set; }

    public bool? SsoEnabled { get; set; }

    public int? DesiredNumberOfDomainControllers { get; set; }

    public OwnerDirectoryDescription? OwnerDirectoryDescription { get; set; }

    public RegionsInfo? RegionsInfo { get; set; }

    public string? OsVersion { get; set; }

    public HybridSettingsDescription? HybridSettings { get; set; }

    public string? NetworkType { get; set; }
}

/// <summary>
/// ResetUserPassword's input. A class, not a record: a record's generated <c>ToString</c> would print the
/// password wherever the request is logged or formatted.
/// </summary>
public sealed class ResetUserPasswordRequest
{
    public required string DirectoryId { get; init; }

    public required string UserName { get; init; }

    public required string NewPassword { get; init; }
}

/// <summary>ResetUserPassword answers an empty structure.</summary>
public sealed class ResetUserPasswordResult;
