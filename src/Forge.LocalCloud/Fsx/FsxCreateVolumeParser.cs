using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws.Fsx;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

/// <summary>
/// The rules of CreateVolume that need no state: required members, the model's constraints and the
/// ONTAP rules AWS documents on top (volume names, junction paths, sizes, storage efficiency for RW).
/// </summary>
internal static partial class FsxCreateVolumeParser
{
    public static FsxVolumeSpec Parse(JsonObject input)
    {
        var token = FsxInput.String(input, "ClientRequestToken", "ClientRequestToken");
        if (token is not null && !FsxInput.ClientRequestToken().IsMatch(token))
        {
            throw FsxInput.BadRequest("ClientRequestToken must be 1 to 63 characters of [A-Za-z0-9_.-].");
        }

        var volumeType = FsxInput.String(input, "VolumeType", "VolumeType") ?? throw FsxInput.BadRequest("VolumeType is required.");
        FsxInput.RequireEnum(volumeType, "VolumeType", VolumeType.Ontap, VolumeType.OpenZfs);
        var name = FsxInput.String(input, "Name", "Name") ?? throw FsxInput.BadRequest("Name is required.");
        FsxInput.RequireLength(name, "Name", 1, 203);
        var tags = FsxTags.Read(input, "Tags");
        var ontap = FsxInput.Object(input, "OntapConfiguration", "OntapConfiguration");
        var openZfs = FsxInput.Object(input, "OpenZFSConfiguration", "OpenZFSConfiguration");
        if (volumeType == VolumeType.OpenZfs)
        {
            throw openZfs is null
                ? new LocalCloudException(FsxErrorCodes.MissingVolumeConfiguration, "OpenZFSConfiguration is required to create an OPENZFS volume.")
                : new LocalCloudException(FsxErrorCodes.UnsupportedOperation,
                    "This account has FSx for NetApp ONTAP file systems only; OPENZFS volumes cannot be created.");
        }

        if (openZfs is not null)
        {
            throw FsxInput.BadRequest("OpenZFSConfiguration cannot be used to create an ONTAP volume.");
        }

        if (ontap is null)
        {
            throw new LocalCloudException(FsxErrorCodes.MissingVolumeConfiguration, "OntapConfiguration is required to create an ONTAP volume.");
        }

        if (!OntapVolumeName().IsMatch(name))
        {
            throw FsxInput.BadRequest($"Volume name '{name}' is invalid: it must start with a letter or underscore and contain only letters, digits and underscores.");
        }

        return ParseOntap(ontap, name, tags);
    }

    private static FsxVolumeSpec ParseOntap(JsonObject ontap, string name, JsonArray? tags)
    {
        const string P = "OntapConfiguration.";
        var svmId = FsxInput.String(ontap, "StorageVirtualMachineId", P + "StorageVirtualMachineId")
            ?? throw FsxInput.BadRequest("OntapConfiguration.StorageVirtualMachineId is required.");
        if (!FsxInput.StorageVirtualMachineId().IsMatch(svmId))
        {
            throw FsxInput.BadRequest($"Invalid StorageVirtualMachineId '{svmId}'.");
        }

        var volumeType = FsxInput.String(ontap, "OntapVolumeType", P + "OntapVolumeType") ?? OntapVolumeType.ReadWrite;
        FsxInput.RequireEnum(volumeType, P + "OntapVolumeType", OntapVolumeType.ReadWrite, OntapVolumeType.DataProtection);
        var junctionPath = ReadJunctionPath(ontap, volumeType);
        var securityStyle = FsxInput.String(ontap, "SecurityStyle", P + "SecurityStyle");
        FsxInput.RequireEnum(securityStyle, P + "SecurityStyle", SecurityStyle.Unix, SecurityStyle.Ntfs, SecurityStyle.Mixed);
        var efficiency = FsxInput.Boolean(ontap, "StorageEfficiencyEnabled", P + "StorageEfficiencyEnabled");
        if (volumeType == OntapVolumeType.ReadWrite && efficiency is null)
        {
            throw FsxInput.BadRequest("StorageEfficiencyEnabled is required when OntapVolumeType is RW.");
        }

        var style = FsxInput.String(ontap, "VolumeStyle", P + "VolumeStyle") ?? VolumeStyle.FlexVol;
        FsxInput.RequireEnum(style, P + "VolumeStyle", VolumeStyle.FlexVol, VolumeStyle.FlexGroup);
        var (aggregates, constituents) = FsxVolumeSizing.ReadAggregates(ontap, style);
        var size = FsxVolumeSizing.ReadSize(ontap, style, constituents ?? 1);
        var (tiering, cooling) = ReadTiering(ontap);
        var snapshotPolicy = FsxInput.String(ontap, "SnapshotPolicy", P + "SnapshotPolicy") ?? "default";
        FsxInput.RequireLength(snapshotPolicy, P + "SnapshotPolicy", 1, 255);
        var copyTags = FsxInput.Boolean(ontap, "CopyTagsToBackups", P + "CopyTagsToBackups") ?? false;
        return new FsxVolumeSpec(name, svmId, junctionPath, securityStyle, size, efficiency, tiering, cooling, volumeType,
            snapshotPolicy, copyTags, style, aggregates, constituents, ReadSnaplock(ontap), tags);
    }

    private static string? ReadJunctionPath(JsonObject ontap, string volumeType)
    {
        var path = FsxInput.String(ontap, "JunctionPath", "OntapConfiguration.JunctionPath");
        if (path is null)
        {
            // A data-protection volume is a SnapMirror target and is mounted later; a RW volume needs a place.
            return volumeType == OntapVolumeType.ReadWrite
                ? throw FsxInput.BadRequest("JunctionPath is required for a RW volume, e.g. \"/vol1\".")
                : null;
        }

        FsxInput.RequireLength(path, "OntapConfiguration.JunctionPath", 1, 255);
        if (!path.StartsWith('/') || path.Any(char.IsControl))
        {
            throw FsxInput.BadRequest($"JunctionPath '{path}' is invalid: it must start with '/', e.g. \"/vol1\".");
        }

        path = path.TrimEnd('/');
        // "/" is where the SVM's root volume is mounted; every other volume hangs below it.
        return path.Length > 0
            ? path
            : throw FsxInput.BadRequest("JunctionPath / is taken by the SVM's root volume; use a path such as \"/vol1\".");
    }

    private static (string Name, int? CoolingPeriod) ReadTiering(JsonObject ontap)
    {
        var policy = FsxInput.Object(ontap, "TieringPolicy", "OntapConfiguration.TieringPolicy");
        var name = (policy is null ? null : FsxInput.String(policy, "Name", "OntapConfiguration.TieringPolicy.Name"))
            ?? TieringPolicyName.SnapshotOnly;
        FsxInput.RequireEnum(name, "OntapConfiguration.TieringPolicy.Name",
            TieringPolicyName.SnapshotOnly, TieringPolicyName.Auto, TieringPolicyName.All, TieringPolicyName.None);
        var cooling = policy is null ? null : FsxInput.Long(policy, "CoolingPeriod", "OntapConfiguration.TieringPolicy.CoolingPeriod");
        var coolingAllowed = name is TieringPolicyName.Auto or TieringPolicyName.SnapshotOnly;
        if (cooling is not null && (!coolingAllowed || cooling is < 2 or > 183))
        {
            throw FsxInput.BadRequest(coolingAllowed
                ? "CoolingPeriod must be between 2 and 183 days."
                : $"CoolingPeriod cannot be set with the {name} tiering policy.");
        }

        // AWS's documented defaults: 31 days for AUTO, 2 for SNAPSHOT_ONLY.
        return (name, (int?)cooling ?? name switch
        {
            TieringPolicyName.Auto => 31,
            TieringPolicyName.SnapshotOnly => 2,
            _ => null,
        });
    }

    private static JsonObject? ReadSnaplock(JsonObject ontap)
    {
        var snaplock = FsxInput.Object(ontap, "SnaplockConfiguration", "OntapConfiguration.SnaplockConfiguration");
        if (snaplock is null)
        {
            return null;
        }

        var type = FsxInput.String(snaplock, "SnaplockType", "OntapConfiguration.SnaplockConfiguration.SnaplockType")
            ?? throw FsxInput.BadRequest("SnaplockConfiguration.SnaplockType is required.");
        FsxInput.RequireEnum(type, "OntapConfiguration.SnaplockConfiguration.SnaplockType", "COMPLIANCE", "ENTERPRISE");
        return snaplock.DeepClone().AsObject();
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,202}$")]
    private static partial Regex OntapVolumeName();
}
