using System.Text.Json.Serialization;

namespace Forge.Aws.WorkSpaces;

// Shapes that describe registered directories and bundles, named exactly as in the model.

public sealed class WorkspaceDirectory
{
    public string? DirectoryId { get; set; }

    public string? Alias { get; set; }

    public string? DirectoryName { get; set; }

    /// <summary>What users enter in the WorkSpaces client, e.g. <c>WSpdx+ABC12D</c>.</summary>
    public string? RegistrationCode { get; set; }

    public List<string>? SubnetIds { get; set; }

    public List<string>? DnsIpAddresses { get; set; }

    public List<string>? DnsIpv6Addresses { get; set; }

    public string? CustomerUserName { get; set; }

    public string? IamRoleId { get; set; }

    /// <summary>SIMPLE_AD, AD_CONNECTOR, CUSTOMER_MANAGED or AWS_IAM_IDENTITY_CENTER.</summary>
    public string? DirectoryType { get; set; }

    public string? WorkspaceSecurityGroupId { get; set; }

    /// <summary>REGISTERING, REGISTERED, DEREGISTERING, DEREGISTERED or ERROR.</summary>
    public string? State { get; set; }

    public DefaultWorkspaceCreationProperties? WorkspaceCreationProperties { get; set; }

    /// <summary>The model spells this member in lower camel case.</summary>
    [JsonPropertyName("ipGroupIds")]
    public List<string>? IpGroupIds { get; set; }

    public WorkspaceAccessProperties? WorkspaceAccessProperties { get; set; }

    /// <summary>DEDICATED or SHARED.</summary>
    public string? Tenancy { get; set; }

    public SelfservicePermissions? SelfservicePermissions { get; set; }

    public SamlProperties? SamlProperties { get; set; }

    public CertificateBasedAuthProperties? CertificateBasedAuthProperties { get; set; }

    /// <summary>STANDARD_TLS or FIPS_VALIDATED.</summary>
    public string? EndpointEncryptionMode { get; set; }

    public MicrosoftEntraConfig? MicrosoftEntraConfig { get; set; }

    public string? WorkspaceDirectoryName { get; set; }

    public string? WorkspaceDirectoryDescription { get; set; }

    /// <summary>CUSTOMER_MANAGED, AWS_DIRECTORY_SERVICE or AWS_IAM_IDENTITY_CENTER.</summary>
    public string? UserIdentityType { get; set; }

    /// <summary>PERSONAL or POOLS.</summary>
    public string? WorkspaceType { get; set; }

    public IDCConfig? IDCConfig { get; set; }

    public ActiveDirectoryConfig? ActiveDirectoryConfig { get; set; }

    public StreamingProperties? StreamingProperties { get; set; }

    public string? ErrorMessage { get; set; }
}

/// <summary>Which client device types may connect: one <see cref="AccessPropertyValue"/> each.</summary>
public sealed class WorkspaceAccessProperties
{
    public string? DeviceTypeWindows { get; set; }

    public string? DeviceTypeOsx { get; set; }

    public string? DeviceTypeWeb { get; set; }

    public string? DeviceTypeIos { get; set; }

    public string? DeviceTypeAndroid { get; set; }

    public string? DeviceTypeChromeOs { get; set; }

    public string? DeviceTypeZeroClient { get; set; }

    public string? DeviceTypeLinux { get; set; }

    public string? DeviceTypeWorkSpacesThinClient { get; set; }

    public AccessEndpointConfig? AccessEndpointConfig { get; set; }
}

public sealed class AccessEndpointConfig
{
    public List<AccessEndpoint> AccessEndpoints { get; set; } = [];

    /// <summary>PCOIP.</summary>
    public List<string>? InternetFallbackProtocols { get; set; }
}

public sealed class AccessEndpoint
{
    /// <summary>STREAMING_WSP.</summary>
    public string? AccessEndpointType { get; set; }

    public string? VpcEndpointId { get; set; }
}

/// <summary>The input of ModifyWorkspaceCreationProperties: only the members set are changed.</summary>
public sealed class WorkspaceCreationProperties
{
    public bool? EnableInternetAccess { get; set; }

    /// <summary>Full LDAP distinguished name, e.g. <c>OU=Workstations,DC=corp,DC=example,DC=com</c>.</summary>
    public string? DefaultOu { get; set; }

    /// <summary><c>sg-</c> and 8 or 17 hex digits.</summary>
    public string? CustomSecurityGroupId { get; set; }

    public bool? UserEnabledAsLocalAdministrator { get; set; }

    public bool? EnableMaintenanceMode { get; set; }

    public string? InstanceIamRoleArn { get; set; }
}

/// <summary>The creation properties a directory reports.</summary>
public sealed class DefaultWorkspaceCreationProperties
{
    public bool? EnableInternetAccess { get; set; }

    public string? DefaultOu { get; set; }

    public string? CustomSecurityGroupId { get; set; }

    public bool? UserEnabledAsLocalAdministrator { get; set; }

    public bool? EnableMaintenanceMode { get; set; }

    public string? InstanceIamRoleArn { get; set; }
}

/// <summary>Each member ENABLED or DISABLED.</summary>
public sealed class SelfservicePermissions
{
    public string? RestartWorkspace { get; set; }

    public string? IncreaseVolumeSize { get; set; }

    public string? ChangeComputeType { get; set; }

    public string? SwitchRunningMode { get; set; }

    public string? RebuildWorkspace { get; set; }
}

public sealed class SamlProperties
{
    /// <summary>DISABLED, ENABLED or ENABLED_WITH_DIRECTORY_LOGIN_FALLBACK.</summary>
    public string? Status { get; set; }

    public string? UserAccessUrl { get; set; }

    public string? RelayStateParameterName { get; set; }
}

public sealed class CertificateBasedAuthProperties
{
    /// <summary>DISABLED or ENABLED.</summary>
    public string? Status { get; set; }

    public string? CertificateAuthorityArn { get; set; }
}

public sealed class MicrosoftEntraConfig
{
    public string? TenantId { get; set; }

    public string? ApplicationConfigSecretArn { get; set; }
}

[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1709", Justification = "Named exactly like the model's shape.")]
public sealed class IDCConfig
{
    public string? InstanceArn { get; set; }

    public string? ApplicationArn { get; set; }
}

public sealed class ActiveDirectoryConfig
{
    public string DomainName { get; set; } = "";

    public string ServiceAccountSecretArn { get; set; } = "";
}

public sealed class StreamingProperties
{
    /// <summary>TCP or UDP.</summary>
    public string? StreamingExperiencePreferredProtocol { get; set; }

    public List<UserSetting>? UserSettings { get; set; }

    public List<StorageConnector>? StorageConnectors { get; set; }

    public GlobalAcceleratorForDirectory? GlobalAccelerator { get; set; }
}

public sealed class UserSetting
{
    public string Action { get; set; } = "";

    public string Permission { get; set; } = "";

    public int? MaximumLength { get; set; }
}

public sealed class StorageConnector
{
    public string ConnectorType { get; set; } = "";

    public string Status { get; set; } = "";
}

public sealed class GlobalAcceleratorForDirectory
{
    public string Mode { get; set; } = "";

    public string? PreferredProtocol { get; set; }
}

public sealed class DescribeWorkspaceDirectoriesFilter
{
    /// <summary>USER_IDENTITY_TYPE or WORKSPACE_TYPE.</summary>
    public string Name { get; set; } = "";

    public List<string> Values { get; set; } = [];
}

public sealed class WorkspaceBundle
{
    public string? BundleId { get; set; }

    public string? Name { get; set; }

    /// <summary><c>AMAZON</c> for public bundles, else the owning account id.</summary>
    public string? Owner { get; set; }

    public string? Description { get; set; }

    public string? ImageId { get; set; }

    public RootStorage? RootStorage { get; set; }

    public UserStorage? UserStorage { get; set; }

    public ComputeType? ComputeType { get; set; }

    public DateTimeOffset? LastUpdatedTime { get; set; }

    public DateTimeOffset? CreationTime { get; set; }

    /// <summary>AVAILABLE, PENDING or ERROR.</summary>
    public string? State { get; set; }

    /// <summary>REGULAR or STANDBY.</summary>
    public string? BundleType { get; set; }
}

/// <summary>Capacity in GiB, as a string on the wire.</summary>
public sealed class RootStorage
{
    public string Capacity { get; set; } = "";
}

/// <summary>Capacity in GiB, as a string on the wire.</summary>
public sealed class UserStorage
{
    public string Capacity { get; set; } = "";
}

public sealed class ComputeType
{
    /// <summary>A <see cref="Compute"/> value.</summary>
    public string? Name { get; set; }
}
