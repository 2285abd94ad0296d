using System.Text.Json.Nodes;
using Forge.Aws.Fsx;

namespace Forge.LocalCloud.Fsx;

/// <summary>Renders emulated volumes as the model's <c>Volume</c> shape.</summary>
internal static class FsxJson
{
    public static JsonObject Volume(FsxVolume volume, string lifecycle)
    {
        var spec = volume.Spec;
        var ontap = new JsonObject
        {
            ["FlexCacheEndpointType"] = "NONE",
            ["JunctionPath"] = spec.JunctionPath,
            ["SecurityStyle"] = spec.SecurityStyle,
            // The deprecated megabyte size is still answered next to the byte size, as AWS does.
            ["SizeInMegabytes"] = (int)Math.Min(spec.SizeInBytes / (1024 * 1024), int.MaxValue),
            ["StorageEfficiencyEnabled"] = spec.StorageEfficiencyEnabled,
            ["StorageVirtualMachineId"] = spec.StorageVirtualMachineId,
            ["StorageVirtualMachineRoot"] = false,
            ["TieringPolicy"] = Tiering(spec),
            ["UUID"] = volume.UUID,
            ["OntapVolumeType"] = spec.OntapVolumeType,
            ["SnapshotPolicy"] = spec.SnapshotPolicy,
            ["CopyTagsToBackups"] = spec.CopyTagsToBackups,
            ["SnaplockConfiguration"] = spec.SnaplockConfiguration?.DeepClone(),
            ["VolumeStyle"] = spec.VolumeStyle,
            ["AggregateConfiguration"] = Aggregates(spec),
            ["SizeInBytes"] = spec.SizeInBytes,
        };
        var result = new JsonObject
        {
            ["CreationTime"] = volume.CreationTime.ToUnixTimeMilliseconds() / 1000m,
            ["FileSystemId"] = volume.FileSystemId,
            ["Lifecycle"] = lifecycle,
            ["Name"] = spec.Name,
            ["OntapConfiguration"] = ontap.WithoutNullMembers(),
            ["ResourceARN"] = volume.ResourceARN,
            ["Tags"] = FsxTags.Copy(spec.Tags),
            ["VolumeId"] = volume.VolumeId,
            ["VolumeType"] = VolumeType.Ontap,
        };
        return result.WithoutNullMembers();
    }

    private static JsonObject Tiering(FsxVolumeSpec spec)
    {
        var tiering = new JsonObject { ["Name"] = spec.TieringPolicyName };
        if (spec.CoolingPeriod is { } days)
        {
            tiering["CoolingPeriod"] = days;
        }

        return tiering;
    }

    private static JsonObject Aggregates(FsxVolumeSpec spec)
    {
        var aggregates = new JsonObject { ["Aggregates"] = new JsonArray([.. spec.Aggregates.Select(a => (JsonNode)a)]) };
        if (spec.TotalConstituents is { } total)
        {
            aggregates["TotalConstituents"] = total;
        }

        return aggregates;
    }
}

internal static class JsonObjectExtensions
{
    /// <summary>awsJson omits absent members rather than sending null.</summary>
    public static JsonObject WithoutNullMembers(this JsonObject json)
    {
        foreach (var name in json.Where(p => p.Value is null).Select(p => p.Key).ToList())
        {
            json.Remove(name);
        }

        return json;
    }
}
