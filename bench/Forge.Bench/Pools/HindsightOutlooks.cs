using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>Sliding-window sums and maxima over a per-minute series, cached per window (hindsight outlooks).</summary>
public abstract class MinuteSeriesOutlook : IDemandOutlook
{
    private readonly Dictionary<(int Window, int Lookahead), double[]> peaks = [];

    protected MinuteSeriesOutlook(SimulationSetup setup, double[] perMinute)
    {
        ArgumentNullException.ThrowIfNull(setup);
        ArgumentNullException.ThrowIfNull(perMinute);
        Setup = setup;
        Prefix = new double[perMinute.Length + 1];
        for (var i = 0; i < perMinute.Length; i++)
        {
            Prefix[i + 1] = Prefix[i] + perMinute[i];
        }
    }

    protected SimulationSetup Setup { get; }

    protected double[] Prefix { get; }

    public abstract int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p);

    public abstract int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p);

    protected int Minute(DateTimeOffset t) => Math.Clamp((int)Math.Floor((t - Setup.Origin).TotalMinutes), 0, Prefix.Length - 1);

    /// <summary>The series summed over [from, from + minutes).</summary>
    protected double Sum(int from, int minutes) => Prefix[Math.Min(Prefix.Length - 1, from + minutes)] - Prefix[Math.Min(Prefix.Length - 1, from)];

    /// <summary>The largest window sum starting in [from, from + lookahead).</summary>
    protected double PeakSum(int from, int window, int lookahead)
    {
        if (!peaks.TryGetValue((window, lookahead), out var max))
        {
            // Sliding maximum of the window sums (monotonic deque), computed once per (window, lookahead).
            var n = Prefix.Length - 1;
            max = new double[n];
            var deque = new LinkedList<int>();
            for (var i = n - 1; i >= 0; i--)
            {
                var s = Sum(i, window);
                while (deque.Count > 0 && Sum(deque.Last!.Value, window) <= s)
                {
                    deque.RemoveLast();
                }

                deque.AddLast(i);
                while (deque.First!.Value >= i + lookahead)
                {
                    deque.RemoveFirst();
                }

                max[i] = Sum(deque.First.Value, window);
            }

            peaks[(window, lookahead)] = max;
        }

        return max[Math.Min(from, max.Length - 1)];
    }

    protected static int Whole(TimeSpan t) => Math.Max(1, (int)Math.Ceiling(t.TotalMinutes));
}

/// <summary>
/// The true rate: the trace's own (generated traces state it), else in hindsight each minute's requests within 15
/// minutes either side / 30 (optimistic: it sees part of the noise); Poisson quantiles of it.
/// </summary>
public sealed class KnownRateOutlook(SimulationSetup setup, double[] perMinute) : MinuteSeriesOutlook(setup, perMinute)
{
    public override int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p) => Poisson.Quantile(Sum(Minute(now), Whole(horizon)), p);

    public override int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p) =>
        Poisson.Quantile(PeakSum(Minute(now), Whole(window), Whole(lookahead)), p);

    public static double[] Hindsight(int[] counts)
    {
        var prefix = new long[counts.Length + 1];
        for (var i = 0; i < counts.Length; i++)
        {
            prefix[i + 1] = prefix[i] + counts[i];
        }

        return counts.Select((_, i) => (prefix[Math.Min(counts.Length, i + 15)] - prefix[Math.Max(0, i - 15)]) / 30.0).ToArray();
    }
}

/// <summary>Every arrival known: exact counts, whatever the quantile.</summary>
public sealed class OracleOutlook(SimulationSetup setup, int[] counts) : MinuteSeriesOutlook(setup, counts.Select(c => (double)c).ToArray())
{
    public override int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p) => (int)Sum(Minute(now), Whole(horizon));

    public override int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p) =>
        (int)PeakSum(Minute(now), Whole(window), Whole(lookahead));
}
