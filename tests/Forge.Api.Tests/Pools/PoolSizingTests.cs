using Forge.Api.Pools;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// The pure pool planner as a table, over a flat demand (a Poisson rate, optionally busier later): the
/// order-up-to level at the service quantile over the lead time and its clamp to [Min, Max]; reservations
/// within one lead time (and not beyond) and the Max they lift; the running tier over the resume time with
/// the rest held stopped; resume, park before terminate, and the terminate ceiling; the region's build cap;
/// the pause after N failed builds, an admin's pause and a disabled pool; a learned lead time; batches of 25;
/// the forecast's surge allowance, held stopped and kept from termination.
/// </summary>
public sealed class PoolSizingTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly PoolBounds Bounds = new();
    private static readonly PoolPlannerOptions Options = new();

    /// <summary>A flat demand of <paramref name="Rate"/> claims a minute; <paramref name="Peak"/> a minute at its busiest later; <paramref name="Surge"/> claims allowed for a surge.</summary>
    private sealed record FlatDemand(double Rate, double? Peak = null, int Surge = 0) : IDemandOutlook
    {
        public int SurgeAllowance(DateTimeOffset now, TimeSpan horizon) => Surge;

        public int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p) => Poisson.Quantile(Rate * horizon.TotalMinutes, p);

        public int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p) =>
            Poisson.Quantile(Math.Max(Rate, Peak ?? Rate) * window.TotalMinutes, p);
    }

    private static PoolSnapshot Pool(int running = 0, int stopped = 0, int building = 0, int resuming = 0, int inflight = 0, int failures = 0, params PoolReservation[] reservations) =>
        new(running, stopped, building, resuming, inflight, failures, failures > 0 ? "bundle not found" : null, reservations,
            DurationEstimate.Prior(PoolDefaults.LeadTime), DurationEstimate.Prior(PoolDefaults.ResumeTime));

    private static PoolPlan Plan(PoolSnapshot s, double rate, double? peak = null, PoolBounds? bounds = null, PoolPlannerOptions? options = null, int surge = 0) =>
        PoolSizing.Plan(s, new FlatDemand(rate, peak, surge), bounds ?? Bounds, options ?? Options, Now);

    private static void Acts(PoolPlan plan, int build = 0, int resume = 0, int stop = 0, int terminate = 0) =>
        Assert.Equal((build, resume, stop, terminate),
            (plan.Count(PoolActionKind.Build), plan.Count(PoolActionKind.Resume), plan.Count(PoolActionKind.Stop), plan.Count(PoolActionKind.Terminate)));

    // ---- Order-up-to level ----

    [Fact]
    public void Level_no_demand_holds_the_floor_min_all_of_it_stopped()
    {
        var plan = Plan(Pool(), 0);
        Assert.Equal(new PoolTargets(5, 0, 0, 5), plan.Targets);
        Assert.Equal(5, plan.Targets.Stopped);
        Acts(plan, build: 5);
    }

    [Fact]
    public void Level_is_the_demand_over_lead_time_plus_one_review_at_the_service_quantile()
    {
        // 0.2 a minute over 20 + 1 minutes: Poisson(4.2) at 0.998 is 11; the running tier, Poisson(0.5) over 1.5 + 1 minutes at 0.9, is 1.
        var plan = Plan(Pool(running: 1, stopped: 4, building: 2), 0.2);
        Assert.Equal((11, 1), (plan.Targets.Inventory, plan.Targets.Running));
        Acts(plan, build: 4);
        Assert.Contains("level 11", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Level_is_clamped_to_max_and_an_inventory_at_the_level_builds_nothing()
    {
        var plan = Plan(Pool(stopped: 20), 5);
        Assert.Equal(20, plan.Targets.Inventory);
        Assert.Equal(0, plan.Count(PoolActionKind.Build));
    }

    [Fact]
    public void Level_the_inventory_position_counts_building_and_resuming_members()
    {
        Assert.Equal(0, Plan(Pool(running: 1, stopped: 1, building: 2, resuming: 1), 0).Count(PoolActionKind.Build));
        Assert.Equal(1, Plan(Pool(running: 1, stopped: 1, building: 1, resuming: 1), 0).Count(PoolActionKind.Build));
    }

    [Fact]
    public void Level_a_longer_observed_lead_time_raises_it()
    {
        var slow = Enumerable.Range(0, 60).Aggregate(DurationEstimate.Prior(PoolDefaults.LeadTime), (e, _) => e.Observe(TimeSpan.FromMinutes(40)));
        Assert.InRange(slow.Quantile(0.9).TotalMinutes, 42, 43); // the first builds' spread still shows, faintly
        var plan = Plan(Pool() with { LeadTime = slow }, 0.5, bounds: Bounds with { Max = 100 });
        Assert.Equal(36, plan.Targets.Inventory); // Poisson(0.5 × 43.7) at 0.998; at the 20-minute prior it is 21
        Assert.Equal(21, Plan(Pool(), 0.5, bounds: Bounds with { Max = 100 }).Targets.Inventory);
    }

    // ---- Surge allowance ----

    /// <summary>
    /// The forecast's surge allowance adds to the level, within [Min, Max], and never to the running target: it is held
    /// stopped. Rows: rate a minute, surge, stock (stopped) → level, running, builds, terminations.
    /// </summary>
    [Theory]
    [InlineData(0.2, 0, 11, 11, 1, 0, 0)]      // no surge: Poisson(4.2) at 0.998
    [InlineData(0.2, 6, 11, 17, 1, 6, 0)]      // a remembered cohort of 6 beyond the season: 6 more, stopped
    [InlineData(0.2, 40, 11, 20, 1, 9, 0)]     // a bigger one than Max allows: Max
    [InlineData(0, 3, 0, 5, 0, 5, 0)]          // within the floor: the floor
    [InlineData(0, 12, 20, 12, 0, 0, 8)]       // what the allowance covers is not terminated, the rest is
    [InlineData(0, 0, 20, 5, 0, 0, 15)]        // without it, down to the floor
    public void Surge_allowance_raises_the_level_held_stopped_and_keeps_what_it_covers(
        double rate, int surge, int stopped, int level, int running, int build, int terminate)
    {
        var plan = Plan(Pool(stopped: stopped), rate, surge: surge);
        Assert.Equal((level, running), (plan.Targets.Inventory, plan.Targets.Running));
        Acts(plan, build: build, resume: Math.Min(stopped, running), terminate: terminate);
    }

    // ---- Reservations ----

    [Fact]
    public void Reservation_due_within_one_lead_time_is_built_for_and_lifts_max()
    {
        var plan = Plan(Pool(stopped: 5, reservations: new PoolReservation(Now + TimeSpan.FromMinutes(15), 30)), 0);
        Assert.Equal(30, plan.Targets.Inventory);
        Acts(plan, build: 25);
        Assert.Contains("30 reserved", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Reservation_beyond_one_lead_time_or_past_is_not_built_for_yet()
    {
        Acts(Plan(Pool(stopped: 5, reservations: new PoolReservation(Now + TimeSpan.FromMinutes(22), 30)), 0));
        Acts(Plan(Pool(stopped: 5, reservations: new PoolReservation(Now - TimeSpan.FromMinutes(1), 30)), 0));
    }

    [Fact]
    public void Reservation_due_within_the_resume_time_is_resumed_for()
    {
        var plan = Plan(Pool(stopped: 30, reservations: new PoolReservation(Now + TimeSpan.FromMinutes(2), 30)), 0);
        Assert.Equal(30, plan.Targets.Running);
        Acts(plan, resume: 30);
    }

    // ---- Two tiers ----

    [Fact]
    public void Tiers_running_below_target_resumes_stopped_members_counting_those_already_resuming()
    {
        Acts(Plan(Pool(running: 0, stopped: 8), 0.2), resume: 1, build: 3);
        Acts(Plan(Pool(running: 0, stopped: 8, resuming: 1), 0.2), build: 2);
    }

    [Fact]
    public void Tiers_surplus_running_is_parked_unless_needed_within_the_park_horizon()
    {
        Acts(Plan(Pool(running: 4, stopped: 1), 0), stop: 4);
        var busierSoon = Plan(Pool(running: 4, stopped: 1), 0, peak: 1);
        Assert.Equal(5, busierSoon.Targets.KeepRunning); // Poisson(1 × 2.5) at 0.9 is 5, the level
        Acts(busierSoon);
    }

    [Fact]
    public void Surplus_running_is_parked_before_any_member_is_terminated()
    {
        var first = Plan(Pool(running: 12), 0);
        Acts(first, stop: 12);
        var second = Plan(Pool(stopped: 12), 0);
        Acts(second, terminate: 7);
        Assert.Contains("above 5", second.Actions.Single().Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Surplus_stopped_members_needed_within_the_terminate_horizon_are_kept()
    {
        // Quiet now, busy on Monday morning within the horizon: a weekend is no reason to rebuild.
        var plan = Plan(Pool(stopped: 15), 0, peak: 0.5);
        Assert.Equal(20, plan.Targets.Ceiling);
        Acts(plan);
    }

    // ---- Limits, failures, switches ----

    [Fact]
    public void Region_cap_limits_builds_to_the_slots_left_on_demand_builds_counted()
    {
        var plan = Plan(Pool(inflight: 47), 0.2);
        Acts(plan, build: 3);
        Assert.Contains("cap of 50", plan.Actions.Single().Reason, StringComparison.Ordinal);
        Acts(Plan(Pool(inflight: 50), 0.2));
    }

    [Fact]
    public void Failures_three_in_a_row_pause_building_with_the_reason_two_do_not()
    {
        var paused = Plan(Pool(running: 0, stopped: 2, failures: 3), 0.2);
        Assert.Equal("paused: 3 consecutive build failures (last: bundle not found)", paused.PauseReason);
        Acts(paused, resume: 1); // what is built is still served: only replenishment stops
        Assert.Null(Plan(Pool(failures: 2), 0.2).PauseReason);
        Acts(Plan(Pool(failures: 2), 0.2), build: 11);
    }

    [Fact]
    public void Paused_by_an_admin_neither_builds_nor_drains()
    {
        var plan = Plan(Pool(stopped: 30), 0, bounds: Bounds with { Paused = true });
        Assert.Equal("paused by an admin", plan.PauseReason);
        Acts(plan);
        Acts(Plan(Pool(), 0.2, bounds: Bounds with { Paused = true }));
    }

    [Fact]
    public void Disabled_pool_is_drained_of_its_idle_members()
    {
        var plan = Plan(Pool(running: 2, stopped: 3, building: 1), 1, bounds: Bounds with { Enabled = false });
        Assert.Equal(new PoolTargets(0, 0, 0, 0), plan.Targets);
        Acts(plan, terminate: 5);
    }

    [Theory]
    [InlineData(0, new int[0])]
    [InlineData(25, new[] { 25 })]
    [InlineData(26, new[] { 25, 1 })]
    [InlineData(60, new[] { 25, 25, 10 })]
    public void Builds_go_in_batches_of_at_most_25_a_call(int count, int[] batches) =>
        Assert.Equal(batches, PoolSizing.CreateBatches(count, PoolDefaults.MaxCreatesPerCall));

    [Theory]
    [InlineData(0, 0.99, 0)]
    [InlineData(1, 0.5, 1)]
    [InlineData(4, 0.95, 8)]
    [InlineData(10.5, 0.998, 21)]
    [InlineData(400, 0.5, 400)]
    public void Poisson_quantile(double mean, double p, int expected) => Assert.Equal(expected, Poisson.Quantile(mean, p));
}
