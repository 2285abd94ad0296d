namespace Forge.Api.Monitoring;

/// <summary>Publishing the provisioning records to CloudWatch (section <c>Monitoring:CloudWatch</c>).</summary>
public sealed class CloudWatchPublisherOptions
{
    public const string SectionName = "Monitoring:CloudWatch";

    /// <summary>Whether the periodic host publishes. Default false: a deployment turns it on where CloudWatch is wanted.</summary>
    public bool Enabled { get; set; }

    /// <summary>The CloudWatch namespace. Default <c>Forge</c>; 1..255 characters, not <c>AWS/…</c>.</summary>
    public string Namespace { get; set; } = "Forge";

    /// <summary>The dimensions each datum carries, a subset of Blueprint, Region, Path, Outcome. Default all four.</summary>
    public List<string> Dimensions { get; set; } = [.. CloudWatchDatumBuilder.KnownDimensions];

    /// <summary>The region CloudWatch is called in; unset: Forge's default AWS region.</summary>
    public string? Region { get; set; }

    /// <summary>Between two passes. Default 1 minute.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a minute ends before it is published: a finishing transaction that began before
    /// the minute ended has committed by then, so the high-water mark never passes a record not yet
    /// visible. Default 1 minute.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The bound of the backlog while CloudWatch is down: records finished longer ago than this and
    /// still unsent are dropped (counted, with a warning). Default 6 hours; at most 14 days, the oldest
    /// timestamp CloudWatch accepts.
    /// </summary>
    public TimeSpan MaxBacklog { get; set; } = TimeSpan.FromHours(6);

    /// <summary>At most this many PutMetricData requests per pass; the rest waits for the next. Default 20.</summary>
    public int MaxRequestsPerPass { get; set; } = 20;
}
