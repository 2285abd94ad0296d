using System.Globalization;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// One MetricDatum: MetricName 1..255, at most 30 dimensions, a timestamp no more than two weeks old and two
/// hours ahead, exactly one of Value / StatisticValues / Values (at most 150, Counts as many), finite numbers
/// within ±2^360, a StandardUnit, StorageResolution 1 or 60.
/// </summary>
public static class MetricDatumReader
{
    public const int MaxDimensions = 30;
    public const int MaxValues = 150;
    public static readonly TimeSpan MaxAge = TimeSpan.FromDays(14);
    public static readonly TimeSpan MaxAhead = TimeSpan.FromHours(2);
    private static readonly double MaxMagnitude = Math.Pow(2, 360);

    public static StoredMetricDatum Read(JsonNode? node, string path, string @namespace,
        IReadOnlyDictionary<string, string>? entity, LocalRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var datum = node as JsonObject ?? throw CloudWatchErrors.Invalid(node?.ToJsonString(), path);
        var name = JsonMembers.ReadString(datum, "MetricName", $"{path}.MetricName") ?? throw CloudWatchErrors.Missing($"{path}.MetricName");
        if (name.Length is < 1 or > 255)
        {
            throw CloudWatchErrors.Invalid(name, $"{path}.MetricName");
        }

        var timestamp = JsonMembers.ReadTimestamp(datum, "Timestamp", $"{path}.Timestamp") ?? context.Now;
        if (timestamp < context.Now - MaxAge)
        {
            throw CloudWatchErrors.InvalidBecause($"The parameter {path}.Timestamp must specify a time no more than two weeks in the past.");
        }

        if (timestamp > context.Now + MaxAhead)
        {
            throw CloudWatchErrors.InvalidBecause($"The parameter {path}.Timestamp must specify a time no more than two hours in the future.");
        }

        var (value, statistics, values, counts) = ReadValues(datum, path);
        var unit = JsonMembers.ReadString(datum, "Unit", $"{path}.Unit") ?? "None";
        if (!PutMetricDataReader.IsStandardUnit(unit))
        {
            throw CloudWatchErrors.Invalid(unit, $"{path}.Unit");
        }

        var resolution = JsonMembers.ReadInt(datum, "StorageResolution", $"{path}.StorageResolution") ?? 60;
        if (resolution is not (1 or 60))
        {
            throw CloudWatchErrors.Invalid(resolution.ToString(CultureInfo.InvariantCulture), $"{path}.StorageResolution");
        }

        return new StoredMetricDatum(context.Region, @namespace, name, ReadDimensions(datum, path), timestamp, context.Now,
            value, statistics, values, counts, unit, resolution, entity);
    }

    private static (double? Value, StoredStatisticSet? Statistics, IReadOnlyList<double>? Values, IReadOnlyList<double>? Counts)
        ReadValues(JsonObject datum, string path)
    {
        var value = Finite(JsonMembers.ReadDouble(datum, "Value", $"{path}.Value"), $"{path}.Value");
        var statistics = ReadStatistics(datum, $"{path}.StatisticValues");
        var values = ReadList(datum, "Values", path);
        var counts = ReadList(datum, "Counts", path);
        var given = new[] { value is not null, statistics is not null, values is { Count: > 0 } }.Count(g => g);
        if (given == 0)
        {
            throw CloudWatchErrors.Missing($"{path}.Value");
        }

        if (given > 1)
        {
            throw CloudWatchErrors.Combination(
                $"The parameters {path}.Value, {path}.StatisticValues and {path}.Values are mutually exclusive and you have specified more than one.");
        }

        if (counts is { Count: > 0 } && values is not { Count: > 0 })
        {
            throw CloudWatchErrors.Combination($"The parameter {path}.Counts may only be specified together with {path}.Values.");
        }

        if (values is { Count: > MaxValues })
        {
            throw CloudWatchErrors.TooMany($"{path}.Values", MaxValues);
        }

        if (counts is { Count: > 0 } && counts.Count != values!.Count)
        {
            throw CloudWatchErrors.InvalidBecause($"The parameters {path}.Values and {path}.Counts must be of the same size.");
        }

        return (value, statistics, values is { Count: > 0 } ? values : null, counts is { Count: > 0 } ? counts : null);
    }

    private static StoredStatisticSet? ReadStatistics(JsonObject datum, string path)
    {
        var set = JsonMembers.ReadObject(datum, "StatisticValues", path);
        if (set is null)
        {
            return null;
        }

        double Member(string name) =>
            Finite(JsonMembers.ReadDouble(set, name, $"{path}.{name}"), $"{path}.{name}") ?? throw CloudWatchErrors.Missing($"{path}.{name}");
        return new StoredStatisticSet(Member("SampleCount"), Member("Sum"), Member("Minimum"), Member("Maximum"));
    }

    private static List<double>? ReadList(JsonObject datum, string member, string path) =>
        JsonMembers.ReadArray(datum, member, $"{path}.{member}")?
            .Select((node, i) => Finite(node is null ? null : JsonMembers.ReadAsDouble(node, $"{path}.{member}.member.{i + 1}"),
                $"{path}.{member}.member.{i + 1}") ?? throw CloudWatchErrors.Missing($"{path}.{member}.member.{i + 1}"))
            .ToList();

    private static List<StoredDimension> ReadDimensions(JsonObject datum, string path)
    {
        var dimensions = JsonMembers.ReadArray(datum, "Dimensions", $"{path}.Dimensions") ?? [];
        if (dimensions.Count > MaxDimensions)
        {
            throw CloudWatchErrors.TooMany($"{path}.Dimensions", MaxDimensions);
        }

        var result = new List<StoredDimension>(dimensions.Count);
        for (var i = 0; i < dimensions.Count; i++)
        {
            var at = $"{path}.Dimensions.member.{i + 1}";
            var dimension = dimensions[i] as JsonObject ?? throw CloudWatchErrors.Invalid(dimensions[i]?.ToJsonString(), at);
            var name = JsonMembers.ReadString(dimension, "Name", $"{at}.Name") ?? throw CloudWatchErrors.Missing($"{at}.Name");
            var value = JsonMembers.ReadString(dimension, "Value", $"{at}.Value") ?? throw CloudWatchErrors.Missing($"{at}.Value");
            if (!IsDimensionText(name, 255) || name.StartsWith(':'))
            {
                throw CloudWatchErrors.Invalid(name, $"{at}.Name");
            }

            if (!IsDimensionText(value, 1024))
            {
                throw CloudWatchErrors.Invalid(value, $"{at}.Value");
            }

            result.Add(new StoredDimension(name, value));
        }

        return result;
    }

    /// <summary>ASCII without control characters, at least one non-space character.</summary>
    private static bool IsDimensionText(string text, int maxLength) =>
        text.Length >= 1 && text.Length <= maxLength && !string.IsNullOrWhiteSpace(text) && text.All(c => c is >= ' ' and <= '~');

    private static double? Finite(double? number, string path) =>
        number is { } n && (!double.IsFinite(n) || Math.Abs(n) > MaxMagnitude)
            ? throw CloudWatchErrors.Invalid(n.ToString(CultureInfo.InvariantCulture), path)
            : number;
}
