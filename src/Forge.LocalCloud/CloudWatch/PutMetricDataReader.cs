using System.Text.Json.Nodes;
using Forge.Aws.CloudWatch;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// Reads and validates a PutMetricData input tree as CloudWatch does, all or nothing: one bad datum fails the
/// request and nothing is stored. Limits from the model: Namespace 1..255 without a leading ':' (and not
/// <c>AWS/</c>), at most 1 000 metrics, datum rules in <see cref="MetricDatumReader"/>, entity rules in
/// <see cref="EntityReader"/>.
/// </summary>
public static class PutMetricDataReader
{
    public const int MaxMetrics = 1000;
    public const int MaxEntities = 2;

    public static IReadOnlyList<StoredMetricDatum> Read(JsonObject input, LocalRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var @namespace = JsonMembers.ReadString(input, "Namespace", "Namespace") ?? throw CloudWatchErrors.Missing("Namespace");
        ValidateNamespace(@namespace);
        var strict = JsonMembers.ReadBool(input, "StrictEntityValidation", "StrictEntityValidation") ?? false;

        var items = new List<(JsonNode? Node, string Path, IReadOnlyDictionary<string, string>? Entity)>();
        var metricData = JsonMembers.ReadArray(input, "MetricData", "MetricData") ?? [];
        items.AddRange(metricData.Select((node, i) => (node, $"MetricData.member.{i + 1}", (IReadOnlyDictionary<string, string>?)null)));

        var entities = JsonMembers.ReadArray(input, "EntityMetricData", "EntityMetricData") ?? [];
        for (var e = 0; e < entities.Count; e++)
        {
            var path = $"EntityMetricData.member.{e + 1}";
            var entityData = entities[e] as JsonObject ?? throw CloudWatchErrors.Invalid(entities[e]?.ToJsonString(), path);
            var keyAttributes = EntityReader.Read(entityData, path, strict, tooMany: e >= MaxEntities);
            var data = JsonMembers.ReadArray(entityData, "MetricData", $"{path}.MetricData") ?? [];
            items.AddRange(data.Select((node, i) => (node, $"{path}.MetricData.member.{i + 1}", keyAttributes)));
        }

        if (items.Count == 0)
        {
            throw CloudWatchErrors.Missing("MetricData");
        }

        if (items.Count > MaxMetrics)
        {
            throw CloudWatchErrors.TooMany("MetricData", MaxMetrics);
        }

        return [.. items.Select(item => MetricDatumReader.Read(item.Node, item.Path, @namespace, item.Entity, context))];
    }

    private static void ValidateNamespace(string @namespace)
    {
        if (@namespace.Length is < 1 or > 255 || @namespace.StartsWith(':')
            || @namespace.StartsWith("AWS/", StringComparison.Ordinal)
            || @namespace.Any(c => c is < ' ' or > '~') || string.IsNullOrWhiteSpace(@namespace))
        {
            throw CloudWatchErrors.Invalid(@namespace, "Namespace");
        }
    }

    /// <summary>The model's StandardUnit values, shared with the client.</summary>
    public static bool IsStandardUnit(string unit) => StandardUnit.All.Contains(unit, StringComparer.Ordinal);
}
