using System.Globalization;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// GetMetricData over what PutMetricData stored: each query's MetricStat (namespace, name, exactly these dimensions,
/// optional unit) aggregated per period over [StartTime, EndTime), periods aligned to multiples of the period since
/// the epoch. Stats: SampleCount, Sum, Average, Minimum, Maximum and percentiles pNN(.N) (nearest rank over the raw
/// values; statistic sets carry none). Metric math is CloudWatch's, not emulated: a query with an Expression is
/// refused rather than answered wrongly. One page answers everything (no NextToken).
/// </summary>
public static class GetMetricDataQuery
{
    public const int MaxQueries = 500;

    private static readonly HashSet<string> PlainStats = new(StringComparer.Ordinal) { "SampleCount", "Sum", "Average", "Minimum", "Maximum" };

    public static JsonObject Run(MetricStore store, JsonObject input, LocalRequestContext context)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        var start = JsonMembers.ReadTimestamp(input, "StartTime", "StartTime") ?? throw CloudWatchErrors.Missing("StartTime");
        var end = JsonMembers.ReadTimestamp(input, "EndTime", "EndTime") ?? throw CloudWatchErrors.Missing("EndTime");
        if (start >= end)
        {
            throw CloudWatchErrors.InvalidBecause("The parameter StartTime must be less than the parameter EndTime.");
        }

        var ascending = JsonMembers.ReadString(input, "ScanBy", "ScanBy") == "TimestampAscending";
        var queries = JsonMembers.ReadArray(input, "MetricDataQueries", "MetricDataQueries") ?? throw CloudWatchErrors.Missing("MetricDataQueries");
        if (queries.Count is 0 or > MaxQueries)
        {
            throw CloudWatchErrors.InvalidBecause($"The collection MetricDataQueries must have between 1 and {MaxQueries} items.");
        }

        var results = new JsonArray();
        for (var i = 0; i < queries.Count; i++)
        {
            var path = $"MetricDataQueries.member.{i + 1}";
            var query = queries[i] as JsonObject ?? throw CloudWatchErrors.Invalid(queries[i]?.ToJsonString(), path);
            if (query.ContainsKey("Expression"))
            {
                throw CloudWatchErrors.InvalidBecause($"{path}.Expression: metric math is not emulated by the local cloud; query the metrics themselves.");
            }

            var result = Answer(store, query, path, start, end, ascending, context);
            if (JsonMembers.ReadBool(query, "ReturnData", $"{path}.ReturnData") != false)
            {
                results.Add(result);
            }
        }

        return new JsonObject { ["MetricDataResults"] = results, ["Messages"] = new JsonArray() };
    }

    private static JsonObject Answer(MetricStore store, JsonObject query, string path, DateTimeOffset start, DateTimeOffset end, bool ascending,
        LocalRequestContext context)
    {
        var id = JsonMembers.ReadString(query, "Id", $"{path}.Id") ?? throw CloudWatchErrors.Missing($"{path}.Id");
        var stat = JsonMembers.ReadObject(query, "MetricStat", $"{path}.MetricStat")
            ?? throw CloudWatchErrors.InvalidBecause($"{path}: a query needs a MetricStat or an Expression.");
        var metric = JsonMembers.ReadObject(stat, "Metric", $"{path}.MetricStat.Metric") ?? throw CloudWatchErrors.Missing($"{path}.MetricStat.Metric");
        var @namespace = JsonMembers.ReadString(metric, "Namespace", $"{path}.MetricStat.Metric.Namespace");
        var name = JsonMembers.ReadString(metric, "MetricName", $"{path}.MetricStat.Metric.MetricName")
            ?? throw CloudWatchErrors.Missing($"{path}.MetricStat.Metric.MetricName");
        var dimensions = (JsonMembers.ReadArray(metric, "Dimensions", $"{path}.MetricStat.Metric.Dimensions") ?? [])
            .Select(d => (Name: (string?)d?["Name"] ?? "", Value: (string?)d?["Value"] ?? ""))
            .OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        var period = JsonMembers.ReadInt(stat, "Period", $"{path}.MetricStat.Period") ?? throw CloudWatchErrors.Missing($"{path}.MetricStat.Period");
        if (period < 1 || (period >= 60 && period % 60 != 0) || (period < 60 && 60 % period != 0))
        {
            throw CloudWatchErrors.InvalidBecause($"The parameter {path}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60.");
        }

        var statName = JsonMembers.ReadString(stat, "Stat", $"{path}.MetricStat.Stat") ?? throw CloudWatchErrors.Missing($"{path}.MetricStat.Stat");
        var percentile = Percentile(statName);
        if (!PlainStats.Contains(statName) && percentile is null)
        {
            throw CloudWatchErrors.InvalidBecause($"The parameter {path}.MetricStat.Stat '{statName}' is not a statistic the local cloud computes.");
        }

        var unit = JsonMembers.ReadString(stat, "Unit", $"{path}.MetricStat.Unit");
        var width = TimeSpan.FromSeconds(period);
        var buckets = new SortedDictionary<DateTimeOffset, Samples>();
        foreach (var datum in store.Find(context.Region, @namespace, name))
        {
            if (datum.Timestamp < start || datum.Timestamp >= end || (unit is not null && datum.Unit != unit)
                || !datum.Dimensions.Select(d => (d.Name, d.Value)).OrderBy(d => d.Name, StringComparer.Ordinal).SequenceEqual(dimensions))
            {
                continue;
            }

            var bucketStart = new DateTimeOffset(datum.Timestamp.UtcTicks - (datum.Timestamp.UtcTicks % width.Ticks), TimeSpan.Zero);
            if (!buckets.TryGetValue(bucketStart, out var samples))
            {
                buckets[bucketStart] = samples = new Samples();
            }

            samples.Add(datum);
        }

        var points = buckets.Select(b => (At: b.Key, Value: b.Value.Statistic(statName, percentile)))
            .Where(p => p.Value is not null).ToList();
        if (!ascending)
        {
            points.Reverse();
        }

        return new JsonObject
        {
            ["Id"] = id,
            ["Label"] = JsonMembers.ReadString(query, "Label", $"{path}.Label") ?? name,
            ["Timestamps"] = new JsonArray([.. points.Select(p => (JsonNode)JsonValue.Create(p.At))]),
            ["Values"] = new JsonArray([.. points.Select(p => (JsonNode)JsonValue.Create(p.Value!.Value))]),
            ["StatusCode"] = "Complete",
        };
    }

    /// <summary>The percentile a <c>pNN</c> or <c>pNN.N</c> stat names (0 to 100), or null.</summary>
    private static double? Percentile(string stat) =>
        stat.Length > 1 && stat[0] == 'p' && double.TryParse(stat.AsSpan(1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var p) && p is >= 0 and <= 100
            ? p
            : null;

    /// <summary>One period's samples: running aggregates, and the raw values (with their counts) for percentiles.</summary>
    private sealed class Samples
    {
        private readonly List<(double Value, double Count)> _raw = [];
        private double _count;
        private double _sum;
        private double _min = double.PositiveInfinity;
        private double _max = double.NegativeInfinity;

        public void Add(StoredMetricDatum datum)
        {
            if (datum.StatisticValues is { } set)
            {
                (_count, _sum, _min, _max) = (_count + set.SampleCount, _sum + set.Sum, Math.Min(_min, set.Minimum), Math.Max(_max, set.Maximum));
                return;
            }

            var values = datum.Values ?? (datum.Value is { } one ? [one] : []);
            for (var i = 0; i < values.Count; i++)
            {
                var count = datum.Counts is { } counts ? counts[i] : 1;
                _raw.Add((values[i], count));
                (_count, _sum, _min, _max) = (_count + count, _sum + (values[i] * count), Math.Min(_min, values[i]), Math.Max(_max, values[i]));
            }
        }

        public double? Statistic(string stat, double? percentile)
        {
            if (_count <= 0)
            {
                return null;
            }

            return stat switch
            {
                "SampleCount" => _count,
                "Sum" => _sum,
                "Average" => _sum / _count,
                "Minimum" => _min,
                "Maximum" => _max,
                _ => NearestRank(percentile!.Value),
            };
        }

        private double? NearestRank(double percentile)
        {
            var total = _raw.Sum(r => r.Count);
            if (total <= 0)
            {
                return null;
            }

            var rank = Math.Max(1, Math.Ceiling(percentile / 100 * total));
            var seen = 0.0;
            foreach (var (value, count) in _raw.OrderBy(r => r.Value))
            {
                seen += count;
                if (seen >= rank)
                {
                    return value;
                }
            }

            return _raw.Max(r => r.Value);
        }
    }
}
