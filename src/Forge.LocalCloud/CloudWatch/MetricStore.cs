namespace Forge.LocalCloud.CloudWatch;

/// <summary>One data point (or aggregate) as CloudWatch received it.</summary>
public sealed record StoredMetricDatum(
    string Region,
    string Namespace,
    string MetricName,
    IReadOnlyList<StoredDimension> Dimensions,
    DateTimeOffset Timestamp,
    DateTimeOffset ReceivedAt,
    double? Value,
    StoredStatisticSet? StatisticValues,
    IReadOnlyList<double>? Values,
    IReadOnlyList<double>? Counts,
    string Unit,
    int StorageResolution,
    IReadOnlyDictionary<string, string>? EntityKeyAttributes);

public sealed record StoredDimension(string Name, string Value);

public sealed record StoredStatisticSet(double SampleCount, double Sum, double Minimum, double Maximum);

/// <summary>
/// Every datum PutMetricData accepted, in arrival order, for tests and the control surface to read back.
/// Bounded: a local cloud left running for days under a Forge that publishes every minute must not grow
/// without limit, so the oldest data points go first.
/// </summary>
public sealed class MetricStore
{
    public const int Capacity = 200_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<StoredMetricDatum> _data = new();

    public void AddRange(IEnumerable<StoredMetricDatum> data)
    {
        ArgumentNullException.ThrowIfNull(data);
        lock (_gate)
        {
            foreach (var datum in data)
            {
                _data.AddLast(datum);
                if (_data.Count > Capacity)
                {
                    _data.RemoveFirst();
                }
            }
        }
    }

    /// <summary>Data matching every filter given (null: any), oldest first.</summary>
    public IReadOnlyList<StoredMetricDatum> Find(string? region = null, string? @namespace = null, string? metricName = null)
    {
        lock (_gate)
        {
            return [.. _data.Where(d => (region is null || d.Region == region)
                && (@namespace is null || d.Namespace == @namespace)
                && (metricName is null || d.MetricName == metricName))];
        }
    }
}
