using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws.Fsx;

namespace Forge.LocalCloud.Fsx;

/// <summary>How big a volume may be, and over which aggregates it spreads: FlexVol and FlexGroup differ.</summary>
internal static partial class FsxVolumeSizing
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

    public static long ReadSize(JsonObject ontap, string style, int constituents)
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

    public static (IReadOnlyList<string> Aggregates, int? TotalConstituents) ReadAggregates(JsonObject ontap, string style)
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

    [GeneratedRegex("^aggr[0-9]{1,2}$")]
    private static partial Regex AggregateName();
}
