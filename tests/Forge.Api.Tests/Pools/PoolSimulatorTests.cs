using Forge.Api.Pools;
using Forge.Bench.Pools;
using PoolView = Forge.Bench.Pools.PoolView;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// The benchmark's simulator of the cloud (bench/Forge.Bench/Pools, compiled in here): a request served by a
/// running member waits 0, by a stopped one the resume time, by nobody a lead-time build; the region's build
/// cap; throttles counted when a second holds more than 2 calls (requests' own calls of one second, region and
/// kind sharing one); idle hours, wasted builds; only the second half scored; and the trace files (format, errors named by line, the generator's seeds).
/// </summary>
public sealed class PoolSimulatorTests
{
    private static readonly PoolKey Key = new("backend", "windows", "us-east-1");
    private static readonly DateTimeOffset Origin = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A scripted policy: at each listed minute, that decision (a narrow seam to drive the simulator exactly).</summary>
    private sealed class Script(Dictionary<int, PoolDecision> steps) : ISizingPolicy
    {
        public string Name => "script";

        public void Start(SimulationSetup setup)
        {
        }

        public PoolDecision Decide(int pool, PoolView view, int minute) => steps.GetValueOrDefault(minute);

        public void OnRequest(int pool, double minute)
        {
        }

        public void OnBuilt(int pool, double leadMinutes)
        {
        }
    }

    private static SimulationSetup Setup(int minutes, double[] arrivals, int split = 0, SimulationModel? model = null) =>
        new([Key], Origin, minutes, split, [arrivals], [], [], model ?? new SimulationModel());

    private static PoolScore Run(SimulationSetup setup, ISizingPolicy policy) => PoolSimulator.Run(setup, policy).Single();

    [Fact]
    public void A_request_served_by_a_running_member_waits_nothing()
    {
        // The first request makes the pool known; static-5 builds 5 from minute 1, ready at 21.
        var score = Run(Setup(40, [0.5, 30.2]), new StaticPolicy(5));
        Assert.Equal((2, 1, 1), (score.Requests, score.Instant, score.PoolHits));
        Assert.Equal(0, score.Wait(0.5));
        Assert.Equal(20, score.Wait(1)); // the first fell back to its own build
        Assert.Equal((6, 1), (score.Builds, score.OnDemandBuilds)); // the five, and the one claimed replaced
    }

    [Fact]
    public void An_empty_pool_falls_back_to_a_lead_time_build_outside_the_sla()
    {
        var score = Run(Setup(60, [0.5, 10.5, 11.5]), new Script([]));
        Assert.Equal((3, 0, 3), (score.Requests, score.PoolHits, score.OnDemandBuilds));
        Assert.Equal(20, score.Wait(0.5));
        Assert.Equal(0, score.SlaAttainment);
    }

    [Fact]
    public void A_stopped_member_serves_after_its_resume_a_resuming_one_after_the_rest_of_it()
    {
        var script = new Script(new() { [1] = new(Build: 2, 0, 0, 0), [22] = new(0, 0, Stop: 2, 0), [30] = new(0, Resume: 1, 0, 0) });
        var score = Run(Setup(40, [0.5, 25.5, 30.5], split: 1), script);
        Assert.Equal((2, 2, 0), (score.Requests, score.PoolHits, score.Instant));
        Assert.Equal([1.5, 1.0], new[] { score.Wait(0.5), score.Wait(0.51) }.OrderDescending().ToArray());
        Assert.Equal(1, score.SlaAttainment);
    }

    [Fact]
    public void Idle_running_and_stopped_minutes_are_counted_from_the_split_on()
    {
        var script = new Script(new() { [1] = new(Build: 3, 0, 0, 0), [31] = new(0, 0, Stop: 1, 0) });
        var score = Run(Setup(61, [0.5], split: 21), script);
        Assert.Equal(3 * 10 + (2 * 30), score.IdleRunningMinutes); // 21..30 three running, 31..60 two
        Assert.Equal(30, score.IdleStoppedMinutes);
        Assert.Equal(0, score.Requests); // the request before the split is not scored
        Assert.Equal(0, score.Builds);
    }

    [Fact]
    public void Terminated_members_nobody_claimed_are_wasted_builds()
    {
        var script = new Script(new() { [1] = new(Build: 4, 0, 0, 0), [30] = new(0, 0, 0, Terminate: 3) });
        var score = Run(Setup(40, [0.5]), script);
        Assert.Equal((4, 3), (score.Builds, score.WastedBuilds));
    }

    [Fact]
    public void Builds_beyond_the_regions_cap_of_concurrent_creates_are_not_started()
    {
        var score = Run(Setup(10, [0.5]), new Script(new() { [1] = new(Build: 60, 0, 0, 0) }));
        Assert.Equal(49, score.Builds); // the first request's own on-demand build holds one of the 50
    }

    [Fact]
    public void A_third_call_in_one_second_is_throttled_and_counted()
    {
        // Requests' calls made one each (no coalescing window), to count throttles.
        var alone = new SimulationModel { RequestCallWindow = TimeSpan.Zero };
        var second = 10 + (30 / 60.0);
        var score = Run(Setup(20, [0.5, second, second, second], model: alone), new Script([]));
        Assert.Equal(4, score.OnDemandBuilds);
        Assert.Equal((1, 3), (score.Throttles, score.PeakCallsPerSecond));
        var two = Run(Setup(20, [0.5, second, second], model: alone), new Script([]));
        Assert.Equal((0, 2), (two.Throttles, two.PeakCallsPerSecond));
    }

    [Fact]
    public void Requests_own_calls_of_one_kind_and_region_in_one_second_share_a_call_as_production_batches_them()
    {
        // One stopped member at minute 30; at 30:10 three requests: the first starts it, the two others create on demand.
        var script = new Script(new() { [1] = new(Build: 1, 0, 0, 0), [22] = new(0, 0, Stop: 1, 0) });
        var at = 30 + (10 / 60.0);
        var batched = Run(Setup(40, [0.5, at, at, at]), script);
        Assert.Equal((2, 1), (batched.OnDemandBuilds - 1, batched.PoolHits));
        Assert.Equal((0, 2), (batched.Throttles, batched.PeakCallsPerSecond)); // a start and a create: two calls

        var alone = Run(Setup(40, [0.5, at, at, at], model: new SimulationModel { RequestCallWindow = TimeSpan.Zero }), script);
        Assert.Equal((1, 3), (alone.Throttles, alone.PeakCallsPerSecond));

        // A call holds 25 at most; a second later is another call.
        var many = Run(Setup(20, [0.5, .. Enumerable.Repeat(10.5, 26), 10.5 + (1 / 60.0)]), new Script([]));
        Assert.Equal((28, 0, 2), (many.OnDemandBuilds, many.Throttles, many.PeakCallsPerSecond));
    }

    [Fact]
    public void Forges_planner_on_the_simulated_clock_fills_a_new_pool_to_its_floor_and_serves_from_it()
    {
        var score = Run(Setup(120, [0.5, 60.5, 61.5, 90.5], split: 30), new ForgePolicy());
        Assert.Equal((3, 3), (score.Requests, score.PoolHits));
        Assert.True(score.IdleStoppedMinutes > 0, "the floor above what the forecast needs is held stopped");
    }

    [Fact]
    public void Trace_files_round_trip_with_their_reservations_and_bad_rows_are_named_by_line()
    {
        var folder = Directory.CreateTempSubdirectory("forge-pool-trace-").FullName;
        var path = Path.Combine(folder, "t.csv");
        var trace = new PoolTrace(
            [new(Origin.AddMinutes(3), Key), new(Origin.AddMinutes(1), Key)],
            [new(Origin, Origin.AddHours(1), Key, 12)],
            []);
        trace.Save(path);
        var loaded = PoolTrace.Load(path);
        Assert.Equal([Origin.AddMinutes(1), Origin.AddMinutes(3)], loaded.Requests.Select(r => r.At));
        Assert.Equal(trace.Reservations, loaded.Reservations);

        File.AppendAllText(path, "2026-01-05T00:09:00Z,backend,windows\n");
        var error = Assert.Throws<FormatException>(() => PoolTrace.Load(path));
        Assert.Contains("t.csv:4", error.Message, StringComparison.Ordinal);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void The_generator_is_deterministic_for_a_seed_and_builds_each_traces_feature()
    {
        var a = TraceGenerator.Generate("cohorts", 7, weeks: 2);
        var b = TraceGenerator.Generate("cohorts", 7, weeks: 2);
        Assert.Equal(a.Requests, b.Requests);
        Assert.NotEmpty(a.Reservations);
        Assert.All(a.Reservations, r => Assert.InRange(r.Count, 10, 50));

        var weekday = a.Requests.Count(r => r.At.DayOfWeek == DayOfWeek.Wednesday);
        var weekend = a.Requests.Count(r => r.At.DayOfWeek == DayOfWeek.Sunday);
        Assert.True(weekend * 5 < weekday, $"weekends are quiet: {weekend} on Sundays, {weekday} on Wednesdays");

        var bump = TraceGenerator.Generate("version-bump", 7, weeks: 8);
        var firstV2 = bump.Requests.First(r => r.Pool.Blueprint == "web-v2").At;
        Assert.True(firstV2 > Origin.AddDays(28), "the next version appears in the scored half");
        Assert.Equal(12, TraceGenerator.Generate("long-tail", 7, weeks: 1).Requests.Select(r => r.Pool).Distinct().Count());
    }
}
