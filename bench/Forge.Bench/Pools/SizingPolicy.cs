using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>What a policy sees of one pool at a step (unclaimed members only).</summary>
public readonly record struct PoolView(int Running, int Stopped, int Building, int Resuming, int RegionBuildsInFlight)
{
    public int Inventory => Running + Stopped + Building + Resuming;
}

/// <summary>What a policy asks the simulated cloud to do for one pool at one step.</summary>
public readonly record struct PoolDecision(int Build, int Resume, int Stop, int Terminate);

/// <summary>
/// A replay's fixed facts: the pools (in order of first request), the clock (minute 0 = <see cref="Origin"/>),
/// where scoring starts, every request's minute per pool, and the announcements.
/// </summary>
public sealed record SimulationSetup(
    IReadOnlyList<PoolKey> Pools,
    DateTimeOffset Origin,
    int Minutes,
    int SplitMinute,
    IReadOnlyList<double[]> Arrivals,
    IReadOnlyList<TraceReservation> Reservations,
    IReadOnlyList<TraceRate> Rates,
    SimulationModel Model)
{
    public DateTimeOffset At(double minute) => Origin + TimeSpan.FromMinutes(minute);

    /// <summary>Hour of the week (0 = Monday 00:00 UTC) of a minute.</summary>
    public int HourOfWeek(int minute)
    {
        var t = At(minute);
        return ((((int)t.DayOfWeek) + 6) % 7 * 24) + t.Hour;
    }

    /// <summary>The pool's true rate per minute, where the trace states it (generated traces); null otherwise.</summary>
    public double[]? TrueRatePerMinute(int pool)
    {
        var rates = Rates.Where(r => r.Pool == Pools[pool]).ToList();
        if (rates.Count == 0)
        {
            return null;
        }

        var perMinute = new double[Minutes + 1];
        foreach (var r in rates)
        {
            var from = (int)Math.Floor((r.From - Origin).TotalMinutes);
            for (var m = Math.Max(0, from); m < Math.Min(perMinute.Length, from + 15); m++)
            {
                perMinute[m] = r.PerMinute;
            }
        }

        return perMinute;
    }

    /// <summary>Requests per minute of each pool, over the whole trace (hindsight policies only).</summary>
    public int[] CountsPerMinute(int pool)
    {
        var counts = new int[Minutes + 1];
        foreach (var a in Arrivals[pool])
        {
            counts[Math.Min(Minutes, (int)a)]++;
        }

        return counts;
    }
}

/// <summary>A sizing policy under test, driven step by step by the simulator.</summary>
public interface ISizingPolicy
{
    string Name { get; }

    /// <summary>Before the replay: fit what it fits (on the first half only, unless it is told the truth).</summary>
    void Start(SimulationSetup setup);

    /// <summary>One pool at one step.</summary>
    PoolDecision Decide(int pool, PoolView view, int minute);

    /// <summary>A request for the pool, at a fractional minute (every request: hits and fallbacks).</summary>
    void OnRequest(int pool, double minute);

    /// <summary>A pool member finished building after <paramref name="leadMinutes"/>.</summary>
    void OnBuilt(int pool, double leadMinutes);
}
