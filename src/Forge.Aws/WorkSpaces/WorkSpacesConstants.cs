namespace Forge.Aws.WorkSpaces;

// Enum values of the WorkSpaces model. Members stay strings because AWS adds values.

/// <summary>The <c>WorkspaceState</c> enum.</summary>
public static class WorkspaceState
{
    public const string Pending = "PENDING";
    public const string Available = "AVAILABLE";
    public const string Impaired = "IMPAIRED";
    public const string Unhealthy = "UNHEALTHY";
    public const string Rebooting = "REBOOTING";
    public const string Starting = "STARTING";
    public const string Rebuilding = "REBUILDING";
    public const string Restoring = "RESTORING";
    public const string Maintenance = "MAINTENANCE";
    public const string AdminMaintenance = "ADMIN_MAINTENANCE";
    public const string Terminating = "TERMINATING";
    public const string Terminated = "TERMINATED";
    public const string Suspended = "SUSPENDED";
    public const string Updating = "UPDATING";
    public const string Stopping = "STOPPING";
    public const string Stopped = "STOPPED";
    public const string Error = "ERROR";
}

/// <summary>The <c>RunningMode</c> enum. MANUAL is for WorkSpaces Core allow-listed accounts only.</summary>
public static class RunningMode
{
    public const string AutoStop = "AUTO_STOP";
    public const string AlwaysOn = "ALWAYS_ON";
    public const string Manual = "MANUAL";
}

/// <summary>The <c>Protocol</c> enum. The wire value for DCV is still <c>WSP</c>.</summary>
public static class Protocol
{
    public const string Pcoip = "PCOIP";
    public const string Wsp = "WSP";
}

/// <summary>The <c>Compute</c> enum.</summary>
public static class Compute
{
    public const string Value = "VALUE";
    public const string Standard = "STANDARD";
    public const string Performance = "PERFORMANCE";
    public const string Power = "POWER";
    public const string Graphics = "GRAPHICS";
    public const string PowerPro = "POWERPRO";
    public const string GeneralPurpose4XLarge = "GENERALPURPOSE_4XLARGE";
    public const string GeneralPurpose8XLarge = "GENERALPURPOSE_8XLARGE";
    public const string GraphicsPro = "GRAPHICSPRO";
    public const string GraphicsG4dn = "GRAPHICS_G4DN";
    public const string GraphicsProG4dn = "GRAPHICSPRO_G4DN";
    public const string GraphicsG6XLarge = "GRAPHICS_G6_XLARGE";
    public const string GraphicsG62XLarge = "GRAPHICS_G6_2XLARGE";
    public const string GraphicsG64XLarge = "GRAPHICS_G6_4XLARGE";
    public const string GraphicsG68XLarge = "GRAPHICS_G6_8XLARGE";
    public const string GraphicsG616XLarge = "GRAPHICS_G6_16XLARGE";
    public const string GraphicsGr64XLarge = "GRAPHICS_GR6_4XLARGE";
    public const string GraphicsGr68XLarge = "GRAPHICS_GR6_8XLARGE";
    public const string GraphicsG6fLarge = "GRAPHICS_G6F_LARGE";
    public const string GraphicsG6fXLarge = "GRAPHICS_G6F_XLARGE";
    public const string GraphicsG6f2XLarge = "GRAPHICS_G6F_2XLARGE";
    public const string GraphicsG6f4XLarge = "GRAPHICS_G6F_4XLARGE";
    public const string GraphicsGr6f4XLarge = "GRAPHICS_GR6F_4XLARGE";
}

/// <summary>The <c>OperatingSystemName</c> enum.</summary>
public static class OperatingSystemName
{
    public const string AmazonLinux2 = "AMAZON_LINUX_2";
    public const string Ubuntu1804 = "UBUNTU_18_04";
    public const string Ubuntu2004 = "UBUNTU_20_04";
    public const string Ubuntu2204 = "UBUNTU_22_04";
    public const string Unknown = "UNKNOWN";
    public const string Windows10 = "WINDOWS_10";
    public const string Windows11 = "WINDOWS_11";
    public const string Windows7 = "WINDOWS_7";
    public const string WindowsServer2016 = "WINDOWS_SERVER_2016";
    public const string WindowsServer2019 = "WINDOWS_SERVER_2019";
    public const string WindowsServer2022 = "WINDOWS_SERVER_2022";
    public const string WindowsServer2025 = "WINDOWS_SERVER_2025";
    public const string Rhel8 = "RHEL_8";
    public const string Rocky8 = "ROCKY_8";
}

/// <summary>The <c>AccessPropertyValue</c> enum.</summary>
public static class AccessPropertyValue
{
    public const string Allow = "ALLOW";
    public const string Deny = "DENY";
}

/// <summary>The <c>ConnectionState</c> enum.</summary>
public static class ConnectionState
{
    public const string Connected = "CONNECTED";
    public const string Disconnected = "DISCONNECTED";
    public const string Unknown = "UNKNOWN";
}

/// <summary>The <c>DataReplication</c> enum.</summary>
public static class DataReplication
{
    public const string NoReplication = "NO_REPLICATION";
    public const string PrimaryAsSource = "PRIMARY_AS_SOURCE";
}

/// <summary>
/// The per-item failures of WorkSpaces' batch calls (CreateWorkspaces, Start/Stop/Reboot/TerminateWorkspaces
/// answer 200 with <c>FailedRequests</c>): which ones a later attempt may get past.
/// </summary>
public static class WorkSpacesItemErrors
{
    // WorkSpaces' own "not now" codes: a directory or WorkSpace busy with another operation.
    private static readonly HashSet<string> BusyCodes = new(StringComparer.Ordinal)
    {
        "ResourceUnavailable.Directory", "OperationInProgressException", "ResourceUnavailableException",
    };

    /// <summary>Busy, throttled or a service fault (<see cref="AwsErrorClassifier"/>): worth another attempt; anything else is a refusal.</summary>
    public static bool IsRetryable(string? errorCode) =>
        errorCode is not null && (BusyCodes.Contains(errorCode) || AwsErrorClassifier.IsTransient(errorCode, System.Net.HttpStatusCode.OK));
}

/// <summary>Limits the WorkSpaces API documents.</summary>
public static class WorkSpacesLimits
{
    /// <summary>Items per CreateWorkspaces, Start/Stop/Reboot/TerminateWorkspaces and ids per Describe call.</summary>
    public const int MaxBatchSize = 25;

    public const int MaxTagsPerResource = 50;
}
