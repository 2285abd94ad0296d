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

    /// <summary>
    /// The 50th, 95th and 99th percentiles of <paramref name="milliseconds"/>, in seconds (nulls when empty). Selects
    /// rather than sorts (the window of a busy month is a million durations): the 99th first over everything, then
    /// the 95th among the values left below it, then the 50th below that. Reorders <paramref name="milliseconds"/>.
    /// </summary>
    public static (double? P50, double? P95, double? P99) Seconds(Span<long> milliseconds)
    {
        if (milliseconds.IsEmpty)
        {
            return (null, null, null);
        }

        var r99 = (int)Of(99, milliseconds.Length) - 1;
        var r95 = (int)Of(95, milliseconds.Length) - 1;
        var r50 = (int)Of(50, milliseconds.Length) - 1;
        var p99 = Select(milliseconds, r99);
        var p95 = Select(milliseconds[..(r99 + 1)], r95);
        var p50 = Select(milliseconds[..(r95 + 1)], r50);
        return (p50 / 1000.0, p95 / 1000.0, p99 / 1000.0);
    }

    /// <summary>
    /// The value of 0-based rank <paramref name="k"/> in <paramref name="values"/>, left at index k with smaller or
    /// equal values before it and greater or equal after it. Quickselect with a three-way partition (runs of equal
    /// durations are common); after a number of rounds that only bad pivots explain, the rest is sorted instead.
    /// </summary>
    internal static long Select(Span<long> values, int k)
    {
        var rounds = 2 * (64 - (int)ulong.LeadingZeroCount((ulong)values.Length));
        var low = 0;
        var high = values.Length - 1;
        while (low < high)
        {
            if (--rounds < 0)
            {
                values[low..(high + 1)].Sort();
                break;
            }

            var pivot = MedianOfThree(values[low], values[low + ((high - low) / 2)], values[high]);
            // [low, lt): below the pivot; [lt, i): equal; (gt, high]: above.
            int lt = low, i = low, gt = high;
            while (i <= gt)
            {
                var value = values[i];
                if (value < pivot)
                {
                    (values[lt], values[i]) = (values[i], values[lt]);
                    lt++;
                    i++;
                }
                else if (value > pivot)
                {
                    (values[gt], values[i]) = (values[i], values[gt]);
                    gt--;
                }
                else
                {
                    i++;
                }
            }

            if (k < lt)
            {
                high = lt - 1;
            }
            else if (k > gt)
            {
                low = gt + 1;
            }
            else
            {
                return pivot;
            }
        }

        return values[k];
    }

    private static long MedianOfThree(long a, long b, long c) => Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
