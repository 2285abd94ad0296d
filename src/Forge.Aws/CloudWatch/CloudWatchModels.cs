namespace Forge.Aws.CloudWatch;

/// <summary>
/// Input of PutMetricData (model shape <c>PutMetricDataInput</c>). <see cref="Namespace"/> is required;
/// at most 1 000 metrics across <see cref="MetricData"/> and <see cref="EntityMetricData"/> per request,
/// which <see cref="CloudWatchClient"/> enforces by splitting.
/// </summary>
public sealed class PutMetricDataInput
{
    /// <summary>1..255 characters, not starting with ':'; <c>AWS/</c> is reserved for AWS services.</summary>
    public string Namespace { get; set; } = "";

    public List<MetricDatum>? MetricData { get; set; }

    /// <summary>At most two entries, each one <see cref="Entity"/> with its metrics.</summary>
    public List<EntityMetricData>? EntityMetricData { get; set; }

    public bool? StrictEntityValidation { get; set; }
}

/// <summary>One metric data point or aggregate (model shape <c>MetricDatum</c>).</summary>
public sealed class MetricDatum
{
    /// <summary>Required, 1..255 characters.</summary>
    public string MetricName { get; set; } = "";

    /// <summary>At most 30.</summary>
    public List<Dimension>? Dimensions { get; set; }

    /// <summary>Up to two weeks in the past and two hours in the future; unset: when CloudWatch receives it.</summary>
    public DateTimeOffset? Timestamp { get; set; }

    /// <summary>Exactly one of <see cref="Value"/>, <see cref="StatisticValues"/> and <see cref="Values"/>.</summary>
    public double? Value { get; set; }

    public StatisticSet? StatisticValues { get; set; }

    /// <summary>Up to 150 distinct values; <see cref="Counts"/> (default 1 each) must be as long.</summary>
    public List<double>? Values { get; set; }

    public List<double>? Counts { get; set; }

    /// <summary>One of <see cref="StandardUnit"/>.</summary>
    public string? Unit { get; set; }

    /// <summary>1 (high resolution) or 60 (default).</summary>
    public int? StorageResolution { get; set; }
}

/// <summary>A name/value pair that is part of a metric's identity (model shape <c>Dimension</c>).</summary>
public sealed class Dimension
{
    /// <summary>1..255 characters.</summary>
    public string Name { get; set; } = "";

    /// <summary>1..1024 characters.</summary>
    public string Value { get; set; } = "";
}

/// <summary>A pre-aggregated set of data points (model shape <c>StatisticSet</c>); all four members are required.</summary>
public sealed class StatisticSet
{
    public double SampleCount { get; set; }

    public double Sum { get; set; }

    public double Minimum { get; set; }

    public double Maximum { get; set; }
}

/// <summary>Metrics that belong to one entity (model shape <c>EntityMetricData</c>).</summary>
public sealed class EntityMetricData
{
    public Entity? Entity { get; set; }

    public List<MetricDatum>? MetricData { get; set; }
}

/// <summary>The resource or service metrics relate to (model shape <c>Entity</c>).</summary>
public sealed class Entity
{
    /// <summary>2..4 entries, e.g. <c>Type</c>, <c>Name</c>, <c>Environment</c>.</summary>
    public Dictionary<string, string>? KeyAttributes { get; set; }

    /// <summary>Up to 10 entries.</summary>
    public Dictionary<string, string>? Attributes { get; set; }
}
