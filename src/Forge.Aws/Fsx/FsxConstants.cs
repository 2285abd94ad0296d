namespace Forge.Aws.Fsx;

// Enum-valued members stay strings: AWS adds values, and an unknown value must not break a client.

/// <summary>Values of <c>VolumeLifecycle</c>. ONTAP volumes settle in CREATED; OpenZFS ones in AVAILABLE.</summary>
public static class VolumeLifecycle
{
    public const string Creating = "CREATING";
    public const string Created = "CREATED";
    public const string Deleting = "DELETING";
    public const string Failed = "FAILED";
    public const string Misconfigured = "MISCONFIGURED";
    public const string Pending = "PENDING";
    public const string Available = "AVAILABLE";

    /// <summary>True when the volume can be used: CREATED (ONTAP) or AVAILABLE (OpenZFS).</summary>
    public static bool IsReady(string? lifecycle) => lifecycle is Created or Available;
}

/// <summary>Values of <c>SecurityStyle</c> (and <c>StorageVirtualMachineRootVolumeSecurityStyle</c>).</summary>
public static class SecurityStyle
{
    public const string Unix = "UNIX";
    public const string Ntfs = "NTFS";
    public const string Mixed = "MIXED";
}

/// <summary>Values of <c>TieringPolicyName</c>; SNAPSHOT_ONLY is the default.</summary>
public static class TieringPolicyName
{
    public const string SnapshotOnly = "SNAPSHOT_ONLY";
    public const string Auto = "AUTO";
    public const string All = "ALL";
    public const string None = "NONE";
}

/// <summary>Values of <c>OntapVolumeType</c>. Only RW and DP can be created (<c>InputOntapVolumeType</c>).</summary>
public static class OntapVolumeType
{
    public const string ReadWrite = "RW";
    public const string DataProtection = "DP";
    public const string LoadSharing = "LS";
}

/// <summary>Values of <c>VolumeType</c>.</summary>
public static class VolumeType
{
    public const string Ontap = "ONTAP";
    public const string OpenZfs = "OPENZFS";
}

/// <summary>Values of <c>VolumeStyle</c>.</summary>
public static class VolumeStyle
{
    public const string FlexVol = "FLEXVOL";
    public const string FlexGroup = "FLEXGROUP";
}

/// <summary>Values of <c>VolumeFilterName</c>.</summary>
public static class VolumeFilterName
{
    public const string FileSystemId = "file-system-id";
    public const string StorageVirtualMachineId = "storage-virtual-machine-id";
}

/// <summary>Values of <c>StorageVirtualMachineFilterName</c>.</summary>
public static class StorageVirtualMachineFilterName
{
    public const string FileSystemId = "file-system-id";
}

/// <summary>Values of <c>StorageVirtualMachineLifecycle</c>.</summary>
public static class StorageVirtualMachineLifecycle
{
    public const string Created = "CREATED";
    public const string Creating = "CREATING";
    public const string Deleting = "DELETING";
    public const string Failed = "FAILED";
    public const string Misconfigured = "MISCONFIGURED";
    public const string Pending = "PENDING";
}

/// <summary>FSx error codes: the model's error shape names, which carry no "Exception" suffix.</summary>
public static class FsxErrorCodes
{
    public const string BadRequest = "BadRequest";
    public const string FileSystemNotFound = "FileSystemNotFound";
    public const string IncompatibleParameterError = "IncompatibleParameterError";
    public const string InternalServerError = "InternalServerError";
    public const string MissingVolumeConfiguration = "MissingVolumeConfiguration";
    public const string ServiceLimitExceeded = "ServiceLimitExceeded";
    public const string StorageVirtualMachineNotFound = "StorageVirtualMachineNotFound";
    public const string UnsupportedOperation = "UnsupportedOperation";
    public const string VolumeNotFound = "VolumeNotFound";
}
