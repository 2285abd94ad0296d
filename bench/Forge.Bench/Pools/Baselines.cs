namespace Forge.Bench.Pools;

/// <summary>Single-tier baselines: a level of running members, built up to and terminated down to.</summary>
public abstract class SingleTierPolicy : ISizingPolicy
{
    protected SimulationSetup Setup { get; private set; } = null!;

    public abstract string Name { get; }

    public virtual void Start(SimulationSetup setup) => Setup = setup;

    public PoolDecision Decide(int pool, PoolView view, int minute)
    {
        var level = Math.Clamp(Level(pool, view, minute), Setup.Model.Min, Setup.Model.Max);
        var build = Math.Min(Math.Max(0, level - view.Inventory), Math.Max(0, Setup.Model.RegionBuildCap - view.RegionBuildsInFlight));
        var surplus = Math.Max(0, view.Inventory - level);
        return new(build, view.Stopped, 0, Math.Min(surplus, view.Running + view.Stopped));
    }

    public virtual void OnRequest(int pool, double minute)
    {
    }

    public void OnBuilt(int pool, double leadMinutes)
    {
    }

    protected abstract int Level(int pool, PoolView view, int minute);
}

/// <summary><c>static-N</c>: always N running members.</summary>
public sealed class StaticPolicy(int size) : SingleTierPolicy
{
    public override string Name => $"static-{size}";

    protected override int Level(int pool, PoolView view, int minute) => size;
}

/// <summary>
/// <c>cron</c>: a schedule of pool sizes per hour of the week, fitted on the first half (the mean requests in
/// that hour), applied one lead time ahead so the members are ready when the hour starts.
/// </summary>
public class CronPolicy : SingleTierPolicy
{
    private double[][] schedule = [];

    public override string Name => "cron";

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        var occurrences = new int[168];
        for (var m = 0; m < setup.SplitMinute; m += 60)
        {
            occurrences[setup.HourOfWeek(m)]++;
        }

        schedule = new double[setup.Pools.Count][];
        for (var p = 0; p < setup.Pools.Count; p++)
        {
            var counts = new double[168];
            foreach (var a in setup.Arrivals[p].TakeWhile(a => a < setup.SplitMinute))
            {
                counts[setup.HourOfWeek((int)a)]++;
            }

            schedule[p] = counts.Select((c, h) => occurrences[h] == 0 ? 0 : c / occurrences[h]).ToArray();
        }
    }

    protected double Scheduled(int pool, int minute) => schedule[pool][Setup.HourOfWeek(minute)];

    protected override int Level(int pool, PoolView view, int minute) =>
        (int)Math.Ceiling(Scheduled(pool, minute + (int)Setup.Model.LeadMedianMinutes));
}

/// <summary><c>coder</c>: the larger of a cron schedule (the hour's fitted size) and the recent claim rate × lead time.</summary>
public sealed class CoderPolicy : CronPolicy
{
    private Queue<double>[] recent = [];

    public override string Name => "coder";

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        recent = setup.Pools.Select(_ => new Queue<double>()).ToArray();
    }

    public override void OnRequest(int pool, double minute) => recent[pool].Enqueue(minute);

    protected override int Level(int pool, PoolView view, int minute)
    {
        var q = recent[pool];
        while (q.Count > 0 && q.Peek() < minute - 60)
        {
            q.Dequeue();
        }

        return (int)Math.Ceiling(Math.Max(Scheduled(pool, minute), q.Count / 60.0 * Setup.Model.LeadMedianMinutes));
    }
}

/// <summary>
/// <c>target-tracking</c>: AWS-style step scaling on ready (running, unclaimed) capacity. Desired capacity
/// starts at Min; no ready member adds 4, fewer than 2 add 2 (3 minutes' cooldown); more than 6 ready for
/// 15 minutes in a row removes 2.
/// </summary>
public sealed class TargetTrackingPolicy : SingleTierPolicy
{
    private int[] desired = [];
    private int[] cooldownUntil = [];
    private int[] highFor = [];

    public override string Name => "target-tracking";

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        desired = setup.Pools.Select(_ => setup.Model.Min).ToArray();
        cooldownUntil = new int[setup.Pools.Count];
        highFor = new int[setup.Pools.Count];
    }

    protected override int Level(int pool, PoolView view, int minute)
    {
        var ready = view.Running;
        highFor[pool] = ready > 6 ? highFor[pool] + 1 : 0;
        if (minute >= cooldownUntil[pool] && ready < 2)
        {
            desired[pool] += ready == 0 ? 4 : 2;
            cooldownUntil[pool] = minute + 3;
        }
        else if (highFor[pool] >= 15)
        {
            desired[pool] -= 2;
            highFor[pool] = 0;
        }

        desired[pool] = Math.Clamp(desired[pool], Setup.Model.Min, Setup.Model.Max);
        return desired[pool];
    }
}
