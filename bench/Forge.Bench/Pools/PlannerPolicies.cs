using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>
/// A policy that is Forge's own planner (<see cref="PoolSizing"/>) on the simulated clock, given a demand
/// outlook: <c>forge</c> learns it (the production forecast), <c>base-stock-known</c> is told the true rate,
/// <c>oracle</c> knows every arrival.
/// </summary>
public abstract class PlannerPolicy : ISizingPolicy
{
    private DurationEstimate[] leadTimes = [];

    protected SimulationSetup Setup { get; private set; } = null!;

    public abstract string Name { get; }

    protected virtual PoolBounds Bounds => new() { Min = Setup.Model.Min, Max = Setup.Model.Max };

    protected virtual PoolPlannerOptions Options => new() { MaxCreatesPerCall = Setup.Model.CreatesPerCall, RegionBuildCap = Setup.Model.RegionBuildCap };

    public virtual void Start(SimulationSetup setup)
    {
        Setup = setup;
        leadTimes = setup.Pools.Select(_ => DurationEstimate.Prior(PoolDefaults.LeadTime)).ToArray();
    }

    public PoolDecision Decide(int pool, PoolView view, int minute)
    {
        var now = Setup.At(minute);
        var snapshot = new PoolSnapshot(
            view.Running, view.Stopped, view.Building, view.Resuming, view.RegionBuildsInFlight, 0, null,
            Reservations(pool, minute), leadTimes[pool], DurationEstimate.Prior(TimeSpan.FromMinutes(Setup.Model.ResumeMinutes)));
        var plan = PoolSizing.Plan(snapshot, Outlook(pool, now), Bounds, Options, now);
        return new(plan.Count(PoolActionKind.Build), plan.Count(PoolActionKind.Resume), plan.Count(PoolActionKind.Stop), plan.Count(PoolActionKind.Terminate));
    }

    public virtual void OnRequest(int pool, double minute)
    {
    }

    public void OnBuilt(int pool, double leadMinutes) => leadTimes[pool] = leadTimes[pool].Observe(TimeSpan.FromMinutes(leadMinutes));

    protected abstract IDemandOutlook Outlook(int pool, DateTimeOffset now);

    protected virtual IReadOnlyList<PoolReservation> Reservations(int pool, int minute) => [];
}

/// <summary><c>forge</c>: the production planner and forecast, learning from the pool's own requests; announcements count once made.</summary>
public sealed class ForgePolicy : PlannerPolicy
{
    private SeasonalForecast?[] forecasts = [];
    private List<TraceReservation>[] announced = [];

    public override string Name => "forge";

    public PoolPlannerOptions? Tuning { get; init; }

    protected override PoolPlannerOptions Options => Tuning is null ? base.Options : Tuning with { MaxCreatesPerCall = Setup.Model.CreatesPerCall, RegionBuildCap = Setup.Model.RegionBuildCap };

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        forecasts = new SeasonalForecast?[setup.Pools.Count]; // a pool's forecast starts with the pool, at its first request
        announced = setup.Pools.Select(p => setup.Reservations.Where(r => r.Pool == p).OrderBy(r => r.At).ToList()).ToArray();
    }

    public override void OnRequest(int pool, double minute)
    {
        forecasts[pool] ??= SeasonalForecast.Empty(Setup.At(minute));
        forecasts[pool]!.Observe(Setup.At(minute));
    }

    protected override IDemandOutlook Outlook(int pool, DateTimeOffset now)
    {
        var forecast = forecasts[pool] ??= SeasonalForecast.Empty(now);
        forecast.Advance(now);
        return forecast;
    }

    protected override IReadOnlyList<PoolReservation> Reservations(int pool, int minute)
    {
        var now = Setup.At(minute);
        var list = announced[pool];
        while (list.Count > 0 && list[0].At < now)
        {
            list.RemoveAt(0);
        }

        return list.Count == 0 ? [] : list.Where(r => r.AnnouncedAt <= now).Select(r => new PoolReservation(r.At, r.Count)).ToList();
    }
}

/// <summary>
/// <c>base-stock-known</c>: the same planner told the true rate (see <see cref="KnownRateOutlook"/>).
/// </summary>
public sealed class KnownRatePolicy : PlannerPolicy
{
    private KnownRateOutlook[] outlooks = [];

    public override string Name => "base-stock-known";

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        outlooks = Enumerable.Range(0, setup.Pools.Count).Select(p => new KnownRateOutlook(setup, setup.TrueRatePerMinute(p) ?? KnownRateOutlook.Hindsight(setup.CountsPerMinute(p)))).ToArray();
    }

    protected override IDemandOutlook Outlook(int pool, DateTimeOffset now) => outlooks[pool];
}

/// <summary><c>oracle</c>: the same planner knowing every arrival (exact counts, no quantile), with no floor.</summary>
public sealed class OraclePolicy : PlannerPolicy
{
    private OracleOutlook[] outlooks = [];

    public override string Name => "oracle";

    protected override PoolBounds Bounds => new() { Min = 0, Max = Setup.Model.Max };

    public override void Start(SimulationSetup setup)
    {
        base.Start(setup);
        outlooks = Enumerable.Range(0, setup.Pools.Count).Select(p => new OracleOutlook(setup, setup.CountsPerMinute(p))).ToArray();
    }

    protected override IDemandOutlook Outlook(int pool, DateTimeOffset now) => outlooks[pool];
}
