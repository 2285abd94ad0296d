namespace Forge.Api.Monitoring;

/// <summary>
/// What the provisioning summary is asked: a window of finish times <c>[From, To)</c>, optional filters, who asks.
/// <c>Teams</c> null: every record (an admin); otherwise only records owned by <c>OwnerId</c> or by a member of one of these teams.
/// </summary>
public sealed record ProvisioningQuery(
    DateTimeOffset From, DateTimeOffset To, TimeSpan Bucket, string? Blueprint, string? Region, string? Path,
    string? OwnerId, IReadOnlyList<string>? Teams, TimeSpan SlaTarget);

/// <summary>
/// The provisioning figures over a window. Counts take every finished request; a failure counts
/// against both the success rate and SLA compliance. Percentiles and max are of time to ready, over
/// the ready requests only (a failure has no time to ready), exact by the nearest-rank definition:
/// the p-th percentile of N sorted durations is the one at rank ⌈p/100 × N⌉ (1-based), so it is
/// always a duration that was observed. Null when there is nothing to take them over.
/// </summary>
public sealed record ProvisioningSummary(
    DateTimeOffset From, DateTimeOffset To, double SlaTargetSeconds, double BucketSeconds,
    long Count, long Ready, long Failed, long WithinSla, double? SuccessRate, double? SlaCompliance,
    double? P50Seconds, double? P95Seconds, double? P99Seconds, double? MaxSeconds,
    IReadOnlyList<ProvisioningBucket> Series);

/// <summary>
/// One bucket of the series, <c>[Start, Start + bucket)</c>; buckets with no request are present with zero counts.
/// Its percentiles are exact over the bucket's ready requests, by the same nearest-rank definition as the window's.
/// </summary>
public sealed record ProvisioningBucket(
    DateTimeOffset Start, long Count, long Ready, long Failed, long WithinSla, double? SuccessRate, double? SlaCompliance,
    double? P50Seconds, double? P95Seconds, double? P99Seconds, double? MaxSeconds);

public static class NearestRank
{
    /// <summary>The 1-based rank of the <paramref name="percentile"/>-th percentile among <paramref name="count"/> sorted values: ⌈p/100 × N⌉, at least 1.</summary>
    public static long Of(int percentile, long count) => Math.Max(1, ((percentile * count) + 99) / 100); // integers: no rounding at the boundary

    /// <summary>The <paramref name="percentile"/>-th percentile of <paramref name="sorted"/> milliseconds, in seconds; null when empty.</summary>
    public static double? SecondsAt(int percentile, List<long> sorted)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        return sorted.Count == 0 ? null : sorted[(int)Of(percentile, sorted.Count) - 1] / 1000.0;
    }
}
