namespace Forge.Bench.Pools;

/// <summary>What one policy achieved on one pool (or on all of them), over the scored half of a trace.</summary>
public sealed class PoolScore
{
    private readonly List<double> waits = [];

    public required string Pool { get; init; }

    public int Requests { get; private set; }

    /// <summary>Served by a running member, at once.</summary>
    public int Instant { get; private set; }

    /// <summary>Served from the pool (running, resuming or stopped): no build waited for.</summary>
    public int PoolHits { get; private set; }

    public int WithinSla { get; private set; }

    public double IdleRunningMinutes { get; set; }

    public double IdleStoppedMinutes { get; set; }

    public int Builds { get; set; }

    public int WastedBuilds { get; set; }

    public int OnDemandBuilds { get; set; }

    public int PeakCallsPerSecond { get; set; }

    public int Throttles { get; set; }

    public double HitRate => Ratio(PoolHits, Requests);

    public double InstantRate => Ratio(Instant, Requests);

    public double SlaAttainment => Ratio(WithinSla, Requests);

    public double IdleRunningHours => IdleRunningMinutes / 60;

    public double IdleStoppedHours => IdleStoppedMinutes / 60;

    public double WastedShare => Ratio(WastedBuilds, Builds);

    public void Served(double waitMinutes, bool instant, bool fromPool, double slaMinutes)
    {
        Requests++;
        Instant += instant ? 1 : 0;
        PoolHits += fromPool ? 1 : 0;
        WithinSla += waitMinutes <= slaMinutes ? 1 : 0;
        waits.Add(waitMinutes);
    }

    /// <summary>Time to workstation (minutes, without the claim's customisation) at quantile <paramref name="q"/>.</summary>
    public double Wait(double q)
    {
        if (waits.Count == 0)
        {
            return 0;
        }

        waits.Sort();
        return waits[Math.Clamp((int)Math.Ceiling(q * waits.Count) - 1, 0, waits.Count - 1)];
    }

    public static PoolScore Total(IEnumerable<PoolScore> pools)
    {
        var total = new PoolScore { Pool = "all" };
        foreach (var p in pools)
        {
            total.Requests += p.Requests;
            total.Instant += p.Instant;
            total.PoolHits += p.PoolHits;
            total.WithinSla += p.WithinSla;
            total.waits.AddRange(p.waits);
            total.IdleRunningMinutes += p.IdleRunningMinutes;
            total.IdleStoppedMinutes += p.IdleStoppedMinutes;
            total.Builds += p.Builds;
            total.WastedBuilds += p.WastedBuilds;
            total.OnDemandBuilds += p.OnDemandBuilds;
            total.Throttles += p.Throttles;
            total.PeakCallsPerSecond = Math.Max(total.PeakCallsPerSecond, p.PeakCallsPerSecond);
        }

        return total;
    }

    private static double Ratio(int a, int b) => b == 0 ? 1 : (double)a / b;
}
