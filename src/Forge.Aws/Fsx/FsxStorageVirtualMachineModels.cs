namespace Forge.Aws.Fsx;

// DescribeStorageVirtualMachines and the StorageVirtualMachine shape, named as in the FSx model.

public sealed class StorageVirtualMachineFilter
{
    /// <summary>A <see cref="StorageVirtualMachineFilterName"/> value.</summary>
    public string? Name { get; set; }

    public List<string>? Values { get; set; }
}

public sealed class DescribeStorageVirtualMachinesRequest
{
    /// <summary>At most 50 ids.</summary>
    public List<string>? StorageVirtualMachineIds { get; set; }

    /// <summary>At most 1 filter.</summary>
    public List<StorageVirtualMachineFilter>? Filters { get; set; }

    public int? MaxResults { get; set; }

    public string? NextToken { get; set; }
}

public sealed class DescribeStorageVirtualMachinesResponse
{
    public List<StorageVirtualMachine>? StorageVirtualMachines { get; set; }

    public string? NextToken { get; set; }
}

public sealed class SvmEndpoint
{
    public string? DNSName { get; set; }

    public List<string>? IpAddresses { get; set; }

    public List<string>? Ipv6Addresses { get; set; }
}

public sealed class SvmEndpoints
{
    public SvmEndpoint? Iscsi { get; set; }

    public SvmEndpoint? Management { get; set; }

    public SvmEndpoint? Nfs { get; set; }

    public SvmEndpoint? Smb { get; set; }
}

/// <summary>The self-managed AD an SVM joined. <c>DomainJoinServiceAccountSecret</c> is an ARN, not a secret value.</summary>
public sealed class SelfManagedActiveDirectoryAttributes
{
    public string? DomainName { get; set; }

    public string? OrganizationalUnitDistinguishedName { get; set; }

    public string? FileSystemAdministratorsGroup { get; set; }

    public string? UserName { get; set; }

    public List<string>? DnsIps { get; set; }

    public string? DomainJoinServiceAccountSecret { get; set; }
}

public sealed class SvmActiveDirectoryConfiguration
{
    public string? NetBiosName { get; set; }

    public SelfManagedActiveDirectoryAttributes? SelfManagedActiveDirectoryConfiguration { get; set; }
}

public sealed class StorageVirtualMachine
{
    public SvmActiveDirectoryConfiguration? ActiveDirectoryConfiguration { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    public SvmEndpoints? Endpoints { get; set; }

    public string? FileSystemId { get; set; }

    /// <summary>A <see cref="StorageVirtualMachineLifecycle"/> value.</summary>
    public string? Lifecycle { get; set; }

    public string? Name { get; set; }

    public string? ResourceARN { get; set; }

    public string? StorageVirtualMachineId { get; set; }

    public string? Subtype { get; set; }

    public string? UUID { get; set; }

    public List<Tag>? Tags { get; set; }

    public LifecycleTransitionReason? LifecycleTransitionReason { get; set; }

    /// <summary>A <see cref="SecurityStyle"/> value.</summary>
    public string? RootVolumeSecurityStyle { get; set; }
}
