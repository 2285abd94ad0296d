using System.Text.Json;
using Forge.Aws.Protocols;

namespace Forge.Aws.CloudWatch;

/// <summary>
/// Splits one logical PutMetricData into requests CloudWatch accepts: at most 1 000 metrics (MetricData and
/// EntityMetricData together), at most two entities and at most 1 MB of JSON each. Order is kept. Pure, so
/// it is tested without a network.
/// </summary>
public static class MetricDataBatcher
{
    public const int MaxMetricsPerRequest = 1000;
    public const int MaxRequestBytes = 1024 * 1024;
    public const int MaxEntitiesPerRequest = 2;

    /// <summary>CloudWatch rejects values outside ±2^360.</summary>
    public static readonly double MaxMagnitude = Math.Pow(2, 360);

    public static IReadOnlyList<PutMetricDataInput> Split(PutMetricDataInput input,
        int maxMetrics = MaxMetricsPerRequest, int maxBytes = MaxRequestBytes)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMetrics, 1);
        var batches = new List<PutMetricDataInput>();
        var current = new Batch(input, maxBytes);
        foreach (var (group, datum) in Items(input))
        {
            var datumBytes = JsonSerializer.SerializeToUtf8Bytes(datum, AwsJson.Options).Length + 1;
            if (current.Count > 0 && !current.Fits(group, datumBytes, maxMetrics))
            {
                batches.Add(current.Input);
                current = new Batch(input, maxBytes);
            }

            if (!current.Fits(group, datumBytes, maxMetrics))
            {
                throw new ArgumentException($"Metric '{datum.MetricName}' alone exceeds the request size limit of {maxBytes} bytes.", nameof(input));
            }

            current.Add(group, datum, datumBytes);
        }

        if (current.Count > 0 || batches.Count == 0)
        {
            batches.Add(current.Input);
        }

        return batches;
    }

    /// <summary>Throws for values CloudWatch refuses (NaN, ±Infinity, beyond ±2^360) before anything is sent.</summary>
    public static void ValidateValues(PutMetricDataInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        foreach (var (_, datum) in Items(input))
        {
            ArgumentNullException.ThrowIfNull(datum, nameof(input));
            Check(datum, "Value", datum.Value);
            if (datum.StatisticValues is { } stats)
            {
                Check(datum, "StatisticValues.SampleCount", stats.SampleCount);
                Check(datum, "StatisticValues.Sum", stats.Sum);
                Check(datum, "StatisticValues.Minimum", stats.Minimum);
                Check(datum, "StatisticValues.Maximum", stats.Maximum);
            }

            foreach (var value in datum.Values ?? [])
            {
                Check(datum, "Values", value);
            }

            foreach (var count in datum.Counts ?? [])
            {
                Check(datum, "Counts", count);
            }
        }
    }

    private static void Check(MetricDatum datum, string member, double? value)
    {
        if (value is { } number && (!double.IsFinite(number) || Math.Abs(number) > MaxMagnitude))
        {
            throw new ArgumentException(
                $"Metric '{datum.MetricName}': {member} {number} is not accepted by CloudWatch (NaN, Infinity and values beyond ±2^360 are rejected).");
        }
    }

    /// <summary>Every datum with the index of its entity group (-1: plain MetricData).</summary>
    private static IEnumerable<(int Group, MetricDatum Datum)> Items(PutMetricDataInput input)
    {
        foreach (var datum in input.MetricData ?? [])
        {
            yield return (-1, datum);
        }

        for (var group = 0; group < (input.EntityMetricData?.Count ?? 0); group++)
        {
            foreach (var datum in input.EntityMetricData![group].MetricData ?? [])
            {
                yield return (group, datum);
            }
        }
    }

    /// <summary>One request being filled, with a conservative running size of its JSON body.</summary>
    private sealed class Batch
    {
        private readonly PutMetricDataInput _source;
        private readonly int _maxBytes;
        private readonly Dictionary<int, EntityMetricData> _groups = [];
        private long _bytes;

        public Batch(PutMetricDataInput source, int maxBytes)
        {
            _source = source;
            _maxBytes = maxBytes;
            Input = new PutMetricDataInput { Namespace = source.Namespace, StrictEntityValidation = source.StrictEntityValidation };
            // The envelope with both (empty) lists present: an upper bound whatever the batch ends up holding.
            _bytes = JsonSerializer.SerializeToUtf8Bytes(
                new PutMetricDataInput { Namespace = source.Namespace, StrictEntityValidation = source.StrictEntityValidation, MetricData = [], EntityMetricData = [] },
                AwsJson.Options).Length;
        }

        public PutMetricDataInput Input { get; }

        public int Count { get; private set; }

        public bool Fits(int group, int datumBytes, int maxMetrics)
        {
            if (Count + 1 > maxMetrics)
            {
                return false;
            }

            var extra = datumBytes;
            if (group >= 0 && !_groups.ContainsKey(group))
            {
                if (_groups.Count >= MaxEntitiesPerRequest)
                {
                    return false;
                }

                extra += GroupEnvelopeBytes(group);
            }

            return _bytes + extra <= _maxBytes;
        }

        public void Add(int group, MetricDatum datum, int datumBytes)
        {
            _bytes += datumBytes;
            Count++;
            if (group < 0)
            {
                (Input.MetricData ??= []).Add(datum);
                return;
            }

            if (!_groups.TryGetValue(group, out var entityData))
            {
                _bytes += GroupEnvelopeBytes(group);
                entityData = new EntityMetricData { Entity = _source.EntityMetricData![group].Entity, MetricData = [] };
                _groups[group] = entityData;
                (Input.EntityMetricData ??= []).Add(entityData);
            }

            entityData.MetricData!.Add(datum);
        }

        private int GroupEnvelopeBytes(int group) => JsonSerializer.SerializeToUtf8Bytes(
            new EntityMetricData { Entity = _source.EntityMetricData![group].Entity, MetricData = [] }, AwsJson.Options).Length + 1;
    }
}
