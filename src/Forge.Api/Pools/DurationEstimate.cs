namespace Forge.Api.Pools;

/// <summary>
/// A duration learned from observations (a pool's build lead time, its resume time): the mean and
/// variance of the log of the observed durations, exponentially weighted so that a slower bundle or a
/// slower region shows after a few builds. Build times are skewed (a long tail of slow builds), hence
/// the log. Small and serialisable: production persists it with the pool.
/// </summary>
/// <param name="LogMean">Mean of ln(minutes).</param>
/// <param name="LogVariance">Variance of ln(minutes).</param>
/// <param name="Observations">How many observations it holds (the prior counts as one).</param>
public sealed record DurationEstimate(double LogMean, double LogVariance, int Observations)
{
    /// <summary>The weight of a new observation once the estimate holds enough of them.</summary>
    public const double Weight = 0.05;

    /// <summary>A prior: the duration assumed before any is observed (20 minutes to build, 90 s to resume).</summary>
    public static DurationEstimate Prior(TimeSpan duration) => new(Math.Log(Minutes(duration)), 0, 1);

    /// <summary>The estimate with one more observed duration folded in.</summary>
    public DurationEstimate Observe(TimeSpan duration)
    {
        var x = Math.Log(Minutes(duration));
        var w = Math.Max(1.0 / (Observations + 1), Weight);
        var delta = x - LogMean;
        var mean = LogMean + (w * delta);
        var variance = (1 - w) * (LogVariance + (w * delta * delta));
        return new(mean, variance, Observations + 1);
    }

    /// <summary>The duration not exceeded with probability <paramref name="p"/> (log-normal).</summary>
    public TimeSpan Quantile(double p) =>
        TimeSpan.FromMinutes(Math.Exp(LogMean + (Poisson.NormalQuantile(p) * Math.Sqrt(Math.Max(0, LogVariance)))));

    private static double Minutes(TimeSpan d) => Math.Max(d.TotalMinutes, 1.0 / 60);
}
