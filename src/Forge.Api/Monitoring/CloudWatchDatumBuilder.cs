using Forge.Aws.CloudWatch;

namespace Forge.Api.Monitoring;

/// <summary>
/// Pure: the provisioning records of one minute as CloudWatch data, one datum per metric and
/// dimension set. Durations go as values/counts arrays (at most 150 distinct values a datum), so
/// CloudWatch computes percentiles from every request, not from an average.
/// </summary>
public static class CloudWatchDatumBuilder
{
    public const string DurationMetric = "ProvisioningDuration";
    public const string RequestsMetric = "ProvisioningRequests";
    public const string WithinSlaMetric = "ProvisioningWithinSla";
    public const int MaxValuesPerDatum = 150;

    public static readonly IReadOnlyList<string> KnownDimensions = ["Blueprint", "Region", "Path", "Outcome"];

    public static IEnumerable<MetricDatum> ForMinute(DateTimeOffset minute, IEnumerable<ProvisioningRecord> records, IReadOnlyList<string> dimensions, TimeSpan slaTarget)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        var target = (long)slaTarget.TotalMilliseconds;
        foreach (var group in records.GroupBy(r => string.Join('\u0001', dimensions.Select(d => Dimension(r, d)))).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var first = group.First();
            List<Dimension> Dims() => [.. dimensions.Select(d => new Dimension { Name = d, Value = Dimension(first, d) })];
            var values = group.GroupBy(r => r.DurationMs).OrderBy(g => g.Key).Select(g => (Seconds: g.Key / 1000.0, Count: (double)g.Count())).ToList();
            for (var i = 0; i < values.Count; i += MaxValuesPerDatum)
            {
                var chunk = values.Skip(i).Take(MaxValuesPerDatum).ToList();
                yield return new MetricDatum
                {
                    MetricName = DurationMetric, Dimensions = Dims(), Timestamp = minute, Unit = StandardUnit.Seconds,
                    Values = [.. chunk.Select(v => v.Seconds)], Counts = [.. chunk.Select(v => v.Count)],
                };
            }

            yield return new MetricDatum { MetricName = RequestsMetric, Dimensions = Dims(), Timestamp = minute, Unit = StandardUnit.Count, Value = group.Count() };
            yield return new MetricDatum
            {
                MetricName = WithinSlaMetric, Dimensions = Dims(), Timestamp = minute, Unit = StandardUnit.Count,
                Value = group.Count(r => r.Outcome == ProvisioningOutcomes.Ready && r.DurationMs <= target),
            };
        }
    }

    private static string Dimension(ProvisioningRecord record, string name) => name switch
    {
        "Blueprint" => record.Blueprint,
        "Region" => record.Region,
        "Path" => record.Path,
        "Outcome" => record.Outcome,
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Not a provisioning dimension."),
    };
}
