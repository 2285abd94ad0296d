namespace Forge.Api.Pools;

/// <summary>What the planner asks of a pool's demand: how many claims to expect, at a service quantile.</summary>
public interface IDemandOutlook
{
    /// <summary>The claims in [<paramref name="now"/>, <paramref name="now"/> + <paramref name="horizon"/>) not exceeded with probability <paramref name="p"/>.</summary>
    int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p);

    /// <summary>
    /// The same for the busiest <paramref name="window"/> starting within <paramref name="lookahead"/> of now: what
    /// the pool must still hold for demand coming later (so it neither parks nor terminates what it soon needs).
    /// </summary>
    int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p);

    /// <summary>
    /// Claims over [<paramref name="now"/>, <paramref name="now"/> + <paramref name="horizon"/>) beyond the quantile that
    /// the pool should hold stopped against a surge the forecast cannot foresee (an unannounced cohort like those seen
    /// lately; a time of the week a young pool has not seen yet). A stopped member resumes within the SLA and costs a
    /// fraction of a running one, so this raises the level, never the running target. None by default.
    /// </summary>
    int SurgeAllowance(DateTimeOffset now, TimeSpan horizon) => 0;
}

/// <summary>
/// A pool's demand forecast, as small serialisable state (production persists it with the pool).
/// </summary>
/// <param name="BinStart">Start of the bin being counted now.</param>
/// <param name="BinCount">Claims counted in that bin so far.</param>
/// <param name="Seasonal">Expected claims per bin of the week (bin 0 starts Monday 00:00 UTC), weighted across weeks.</param>
/// <param name="Samples">How many weeks each bin has seen (0: that time of the week is unknown yet).</param>
/// <param name="Recent">The recent claim rate per minute, exponentially weighted.</param>
/// <param name="Shadow">What <paramref name="Recent"/> would be had demand followed the season exactly (same weighting).</param>
/// <param name="RecentAt">The instant the weighted rates are as of.</param>
/// <param name="Daily">The claim rate per minute weighted over the last day.</param>
/// <param name="DailyShadow">What <paramref name="Daily"/> would be had demand followed the season exactly.</param>
/// <param name="Surge">The largest recent surge of claims beyond the season (claims), fading over weeks; 0 in a state persisted before it existed.</param>
public sealed record ForecastState(
    DateTimeOffset BinStart,
    int BinCount,
    double[] Seasonal,
    int[] Samples,
    double Recent,
    double Shadow,
    DateTimeOffset RecentAt,
    double Daily,
    double DailyShadow,
    double Surge = 0);
