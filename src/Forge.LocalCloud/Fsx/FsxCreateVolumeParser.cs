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
    private const long MiB = 1024L * 1024;
    private const long GiB = 1024 * MiB;
    private const long TiB = 1024 * GiB;

    /// <summary>FlexVol: 20 MiB up to 300 TiB (ONTAP's limits as FSx documents them).</summary>
    private const long MinFlexVolBytes = 20 * MiB;
    private const long MaxFlexVolBytes = 300 * TiB;

    /// <summary>FlexGroup: at least 100 GiB per constituent, at most 20 PiB [unverified beyond the FSx guide].</summary>
    private const long MinFlexGroupConstituentBytes = 100 * GiB;
    private const long MaxFlexGroupBytes = 20 * 1024 * TiB;

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
        var (aggregates, constituents) = ReadAggregates(ontap, style);
        var size = ReadSize(ontap, style, constituents ?? 1);
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

        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    private static long ReadSize(JsonObject ontap, string style, int constituents)
    {
        var bytes = FsxInput.Long(ontap, "SizeInBytes", "OntapConfiguration.SizeInBytes");
        var megabytes = FsxInput.Long(ontap, "SizeInMegabytes", "OntapConfiguration.SizeInMegabytes");
        if (megabytes is < 0 or > int.MaxValue || bytes < 0)
        {
            throw FsxInput.BadRequest("The volume size must not be negative.");
        }

        if (bytes is not null && megabytes is not null && bytes != megabytes * MiB)
        {
            throw FsxInput.BadRequest("SizeInBytes and SizeInMegabytes specify different sizes; specify only SizeInBytes.");
        }

        var size = bytes ?? megabytes * MiB ?? throw FsxInput.BadRequest("SizeInBytes (or the deprecated SizeInMegabytes) is required.");
        var (min, max) = style == VolumeStyle.FlexGroup
            ? (MinFlexGroupConstituentBytes * constituents, MaxFlexGroupBytes)
            : (MinFlexVolBytes, MaxFlexVolBytes);
        return size >= min && size <= max
            ? size
            : throw FsxInput.BadRequest($"The size of a {style} volume must be between {min} and {max} bytes; {size} was requested.");
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

    private static (IReadOnlyList<string> Aggregates, int? TotalConstituents) ReadAggregates(JsonObject ontap, string style)
    {
        var config = FsxInput.Object(ontap, "AggregateConfiguration", "OntapConfiguration.AggregateConfiguration");
        if (config is not null && style != VolumeStyle.FlexGroup)
        {
            throw FsxInput.BadRequest("AggregateConfiguration can only be specified for FLEXGROUP volumes.");
        }

        var aggregates = config is null ? null
            : FsxInput.Strings(config, "Aggregates", "OntapConfiguration.AggregateConfiguration.Aggregates", 6, AggregateName());
        // The seeded file system has one HA pair, hence one aggregate.
        if (aggregates?.Any(a => a != "aggr1") == true)
        {
            throw FsxInput.BadRequest("This file system has one HA pair: the only aggregate is aggr1.");
        }

        if (style != VolumeStyle.FlexGroup)
        {
            return (["aggr1"], null);
        }

        var perAggregate = (config is null ? null : FsxInput.Long(config, "ConstituentsPerAggregate", "OntapConfiguration.AggregateConfiguration.ConstituentsPerAggregate")) ?? 8;
        if (perAggregate is < 1 or > 200)
        {
            throw FsxInput.BadRequest("ConstituentsPerAggregate must be between 1 and 200.");
        }

        return (["aggr1"], (int)perAggregate);
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

    [GeneratedRegex("^aggr[0-9]{1,2}$")]
    private static partial Regex AggregateName();
}
