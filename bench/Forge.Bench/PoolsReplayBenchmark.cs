extern alias tests;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Pools;
using Forge.Bench.Pools;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;
using tests::Forge.Api.Tests.Pools;
using tests::Forge.Api.Tests.Support;

namespace Forge.Bench;

/// <summary>
/// <c>pools-replay --trace FILE.csv [--day YYYY-MM-DD] [--pool blueprint/os/region] [--warm-up HOURS] [--step SECONDS] [--json]</c>
/// (issue #10): one day of a trace through the real stack must agree with the simulator's hit rate within 2 points.
/// <list type="number">
/// <item>The simulator replays the pool's requests (policy <c>forge</c>) up to the end of the day and scores that day alone.</item>
/// <item>The real stack runs on one manual clock (<see cref="SettlingClock"/>): Forge in-process (the real Program and its
/// workers, as the tests start it) on SQLite (on a RAM disk where there is one) with pools on for that pool only, bounds [5, 20]; the local cloud in-process with a
/// 20-minute WorkSpaces build and a 90-s start (the simulator's lead and resume times). Forge's forecast is given the pool's
/// history: every request before the warm-up as a <c>PoolClaims</c> row, the table it learns from, read from the first request
/// on. The warm-up (3 hours by default) posts the requests before the day unscored, with the pool's <c>min</c> raised to the
/// simulator's inventory at the start of the day until 30 minutes before it, so the day starts from the simulator's stock.</item>
/// <item>Each request of the day is posted at its time over HTTP by a developer of its own (a dev token; a directory user in the
/// local cloud with the developers' group), the clock advanced to it in steps of at most <c>--step</c> seconds (30 by default: a day in about 4 minutes; 10 takes about 10),
/// settled each step. Hit rate = requests whose <c>provisioningPath</c> is <c>pool-running</c> or <c>pool-stopped</c> / requests.</item>
/// </list>
/// Exit code 1 when the two hit rates differ by more than 2 points, 2 on bad arguments.
/// </summary>
public static class PoolsReplayBenchmark
{
    private const double AgreementPoints = 2;
    private static readonly TimeSpan BuildTime = PoolDefaults.LeadTime;
    private static readonly TimeSpan StartTime = PoolDefaults.ResumeTime;
    private const string RamDisk = "/dev/shm";
    private static readonly TimeSpan MinReleasedBeforeDay = TimeSpan.FromMinutes(30);
    private static readonly string[] DeveloperGroups = ["Forge Developers"];
    private static readonly string[] Teams = ["bench"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The pools Forge ships (appsettings.json): all but the replayed one are switched off.</summary>
    private static readonly string[] ShippedPools = ["backend:linux", "backend:windows", "frontend:linux"];

    private sealed record Inventory(int Running, int Stopped, int Building, int Resuming)
    {
        public int Total => Running + Stopped + Building + Resuming;

        public override string ToString() => $"{Total} ({Running} running, {Stopped} stopped, {Building} building, {Resuming} resuming)";
    }

    private sealed record SimulatorResult(PoolScore Score, Inventory AtDayStart);

    private sealed record RealResult(int Requests, int PoolRunning, int PoolStopped, int OnDemand, int HistoryRequests, int WarmUpRequests, Inventory AtDayStart)
    {
        public double HitRate => Requests == 0 ? 1 : (double)(PoolRunning + PoolStopped) / Requests;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return await ReplayAsync(PoolsBenchmark.Options(args));
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    private static async Task<int> ReplayAsync(Dictionary<string, string?> options)
    {
        var path = options.GetValueOrDefault("--trace") ?? throw new ArgumentException("--trace FILE.csv is required");
        var trace = PoolTrace.Load(path);
        if (trace.Requests.Count == 0)
        {
            throw new ArgumentException($"{path} holds no request");
        }

        var pool = options.GetValueOrDefault("--pool") is { } named ? PoolKeyOf(named)
            : trace.Requests.GroupBy(r => r.Pool).MaxBy(g => g.Count())!.Key;
        if (!ShippedPools.Contains($"{pool.Blueprint}:{pool.Os}"))
        {
            throw new ArgumentException($"--pool: Forge ships pools for {string.Join(", ", ShippedPools.Select(p => p.Replace(':', '/')))} only, not {pool.Blueprint}/{pool.Os}");
        }

        var requests = trace.Requests.Where(r => r.Pool == pool).Select(r => r.At).ToList();
        if (requests.Count == 0)
        {
            throw new ArgumentException($"--pool: the trace has no request for {pool}");
        }

        // The scored half is the whole trace's, as the pools benchmark scores it.
        var whole = PoolsBenchmark.Setup(trace, new SimulationModel());
        var scoredFrom = whole.At(whole.SplitMinute);
        bool Whole(DateTimeOffset d) => d >= scoredFrom && d.AddDays(1) <= requests[^1];
        var day = options.GetValueOrDefault("--day") is { } text ? Day(text)
            : requests.Select(r => new DateTimeOffset(r.UtcDateTime.Date, TimeSpan.Zero)).Where(Whole).GroupBy(d => d).MaxBy(g => g.Count())?.Key
                ?? throw new ArgumentException("the trace's second half holds no whole day for the pool");
        if (!Whole(day))
        {
            throw new ArgumentException($"--day {day:yyyy-MM-dd} is not a whole day of the trace's scored half ({scoredFrom:yyyy-MM-dd HH:mm}Z to {requests[^1]:yyyy-MM-dd HH:mm}Z)");
        }

        var warmUp = TimeSpan.FromHours(PoolsBenchmark.Number(options, "--warm-up") ?? 3);
        var step = TimeSpan.FromSeconds(PoolsBenchmark.Number(options, "--step") ?? 30);
        var json = options.ContainsKey("--json");
        var onePool = new PoolTrace([.. trace.Requests.Where(r => r.Pool == pool)], [.. trace.Reservations.Where(r => r.Pool == pool)], [.. trace.Rates.Where(r => r.Pool == pool)]);
        if (onePool.Reservations.Count > 0)
        {
            throw new ArgumentException($"{path}: the pool has announcements, which this replay does not post (the simulator would see them)");
        }

        var simulated = Simulate(onePool, day);
        Progress(json, $"simulator: {simulated.Score.Requests} requests on {day:yyyy-MM-dd}, hit {100 * simulated.Score.HitRate:0.00} %; inventory at the day's start {simulated.AtDayStart}");
        var wall = Stopwatch.StartNew();
        var real = await RunRealStackAsync(pool, requests, day, warmUp, step, simulated.AtDayStart.Total, json);
        wall.Stop();
        var difference = 100 * (real.HitRate - simulated.Score.HitRate);
        Console.WriteLine(json ? Json(path, pool, day, warmUp, step, simulated, real, difference, wall.Elapsed) : Table(path, pool, day, warmUp, step, simulated, real, difference, wall.Elapsed));
        return Math.Abs(difference) <= AgreementPoints ? 0 : 1;
    }

    /// <summary>The simulator (policy <c>forge</c>) from the pool's first request to the end of <paramref name="day"/>, scored on that day alone.</summary>
    private static SimulatorResult Simulate(PoolTrace onePool, DateTimeOffset day)
    {
        var setup = PoolsBenchmark.Setup(onePool, new SimulationModel());
        var dayStart = (int)(day - setup.Origin).TotalMinutes;
        var window = setup with { SplitMinute = dayStart, Minutes = Math.Min(setup.Minutes, dayStart + (24 * 60)) };
        Inventory? atDayStart = null;
        var scores = PoolSimulator.Run(window, new ForgePolicy(), (minute, _, view) =>
        {
            if (minute == dayStart)
            {
                atDayStart = new Inventory(view.Running, view.Stopped, view.Building, view.Resuming);
            }
        });
        return new SimulatorResult(scores.Single(), atDayStart ?? throw new ArgumentException("the pool had no request before the day"));
    }

    private static async Task<RealResult> RunRealStackAsync(PoolKey pool, List<DateTimeOffset> requests, DateTimeOffset day, TimeSpan warmUp, TimeSpan step,
        int dayStartInventory, bool json)
    {
        // WebApplicationFactory finds Forge's content root through MvcTestingAppManifest.json in the current directory; the
        // benchmark's build puts it beside the benchmark (the trace is read already).
        Environment.CurrentDirectory = AppContext.BaseDirectory;
        var warmUpFrom = day - warmUp;
        var dayEnd = day.AddDays(1);
        var clock = new SettlingClock(warmUpFrom);
        await using var cloud = await LocalCloudServer.StartAsync(clock, o =>
        {
            o.WorkspaceBuildTime = BuildTime;
            o.WorkspaceTransitionTime = StartTime; // starts (and stops, reboots, terminations) take the simulator's resume time
        });
        // SQLite on a RAM disk where there is one: the replay measures hit rates, not the disk, and a day's thousands of settled
        // steps each wait on the workers' writes.
        var settings = new Dictionary<string, string?>
        {
            ["Persistence:DataDirectory"] = Path.Combine(Directory.Exists(RamDisk) ? RamDisk : Path.GetTempPath(), $"forge-pools-replay-{Guid.NewGuid():N}"),
            ["Aws:ServiceUrl"] = cloud.BaseAddress.ToString(),
            // Developers' workstations auto-stop unused in the local cloud, and their jobs say so: a day of them is no news.
            ["Logging:LogLevel:Default"] = "Error",
            // Nor are the unique-index conflicts that Forge expects and handles (two passes staging one job).
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
        };
        try
        {
            var history = requests.Where(r => r < warmUpFrom).ToList();
            await SeedHistoryAsync(clock, settings, pool, history);
            foreach (var (key, value) in PoolSettings(pool))
            {
                settings[key] = value;
            }

            await using var app = new ForgeApp(clock, new CloudRecorder(), settings);
            _ = app.Server; // migrations, workers and the pools' actors start now
            using var watched = clock.Watch(app.Services);
            await clock.SettleAsync();
            using var admin = await app.ClientForAsync("bench-admin", roles: [Roles.Admin]);
            var poolPath = $"/api/v1/pools/{pool.Blueprint}/{pool.Os}/{pool.Region}";
            var raised = Math.Clamp(dayStartInventory, PoolDefaults.Min, PoolDefaults.Max);
            if (raised > PoolDefaults.Min)
            {
                (await admin.PatchAsJsonAsync(poolPath, new { min = raised })).EnsureSuccessStatusCode();
            }

            var minReleased = raised == PoolDefaults.Min;
            Inventory? atDayStart = null;
            var paths = new Dictionary<string, int>(StringComparer.Ordinal) { [ProvisioningPaths.PoolRunning] = 0, [ProvisioningPaths.PoolStopped] = 0, [ProvisioningPaths.OnDemand] = 0 };
            var pending = new Queue<DateTimeOffset>(requests.Where(r => r >= warmUpFrom && r < dayEnd));
            var warmUpRequests = pending.Count(r => r < day);
            var progress = Stopwatch.StartNew();
            var developer = 0;
            while (pending.Count > 0)
            {
                var now = clock.GetUtcNow();
                var next = Min(pending.Peek(), now + step);
                next = minReleased ? next : Min(next, day - MinReleasedBeforeDay);
                next = atDayStart is null ? Min(next, day) : next;
                if (next > now)
                {
                    clock.Advance(next - now);
                    await clock.SettleAsync();
                    now = next;
                }

                if (!minReleased && now >= day - MinReleasedBeforeDay)
                {
                    (await admin.PatchAsJsonAsync(poolPath, new { min = PoolDefaults.Min })).EnsureSuccessStatusCode();
                    minReleased = true;
                }

                if (atDayStart is null && now >= day)
                {
                    var page = await admin.GetFromJsonAsync<PoolPage>("/api/v1/pools", ApiClient.Json);
                    var members = page!.Pools.Single(p => p.Pool == pool.ToString()).Members;
                    atDayStart = new Inventory(members.Running, members.Stopped, members.Building, members.Resuming);
                    Progress(json, $"real stack: inventory at the day's start {atDayStart}");
                }

                while (pending.Count > 0 && pending.Peek() <= now)
                {
                    var at = pending.Dequeue();
                    var name = $"replay-{developer++:D5}";
                    DirectoryUsers.AddDeveloper(cloud.Services, pool.Region, name, DeveloperGroups);
                    using var client = await app.ClientForAsync(name, Teams);
                    var workspace = await client.CreateWorkspaceAsync(new { blueprint = pool.Blueprint, operatingSystem = pool.Os, region = pool.Region });
                    if (at >= day)
                    {
                        paths[workspace.ProvisioningPath]++;
                    }
                }

                if (progress.Elapsed > TimeSpan.FromSeconds(30))
                {
                    Progress(json, $"real stack: {now:yyyy-MM-dd HH:mm}Z, {developer} requests posted");
                    progress.Restart();
                }
            }

            return new RealResult(paths.Values.Sum(), paths[ProvisioningPaths.PoolRunning], paths[ProvisioningPaths.PoolStopped], paths[ProvisioningPaths.OnDemand],
                history.Count, warmUpRequests, atDayStart ?? new Inventory(0, 0, 0, 0));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (settings.TryGetValue("Persistence:DataDirectory", out var folder) && folder is not null && Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    /// <summary>
    /// Forge's database made (migrations, by a process whose workers are paused and pools off), then given the pool's row with
    /// its learning starting at the first request, and every request before the warm-up as a claim row: the history the
    /// pool's first pass reads into its forecast, as the simulator's forecast has seen it.
    /// </summary>
    private static async Task SeedHistoryAsync(SettlingClock clock, Dictionary<string, string?> settings, PoolKey pool, List<DateTimeOffset> history)
    {
        var setup = new Dictionary<string, string?>(settings) { ["Jobs:Paused"] = "true" };
        await using var app = new ForgeApp(clock, new CloudRecorder(), setup);
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var now = clock.GetUtcNow();
        var learnedFrom = (history.Count > 0 ? history[0] : now).AddSeconds(-1);
        db.WarmPools.Add(new WarmPool
        {
            Id = Guid.CreateVersion7(now),
            Key = pool.ToString(),
            Blueprint = pool.Blueprint,
            OperatingSystem = pool.Os,
            Region = pool.Region,
            CreatedAt = learnedFrom,
            Learning = JsonSerializer.Serialize(PoolLearning.Fresh(learnedFrom), ApiClient.Json),
        });
        db.PoolClaims.AddRange(history.Select(at => new PoolClaim
        {
            Id = Guid.CreateVersion7(at),
            Pool = pool.ToString(),
            WorkspaceId = Guid.Empty,
            Path = ProvisioningPaths.OnDemand,
            FallbackReason = "replayed history (pools-replay)",
            At = at,
        }));
        await db.SaveChangesAsync();
    }

    /// <summary>Pools on for the replayed pool only, in its region only, with the simulator's bounds.</summary>
    private static Dictionary<string, string?> PoolSettings(PoolKey pool)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Pools:Enabled"] = "true",
            ["Pools:Regions:0"] = pool.Region,
        };
        foreach (var shipped in ShippedPools)
        {
            settings[$"Pools:{shipped}:Enabled"] = "false";
        }

        var replayed = $"Pools:{pool.Blueprint}:{pool.Os}";
        settings[$"{replayed}:Enabled"] = "true";
        settings[$"{replayed}:Min"] = PoolDefaults.Min.ToString(CultureInfo.InvariantCulture);
        settings[$"{replayed}:Max"] = PoolDefaults.Max.ToString(CultureInfo.InvariantCulture);
        return settings;
    }

    private static string Table(string path, PoolKey pool, DateTimeOffset day, TimeSpan warmUp, TimeSpan step, SimulatorResult simulated, RealResult real,
        double difference, TimeSpan wall)
    {
        var s = simulated.Score;
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"pools-replay {path}, pool {pool}, day {day:yyyy-MM-dd} (clock steps ≤ {step.TotalSeconds:0} s); Forge's forecast given the {real.HistoryRequests} requests before the warm-up as PoolClaims rows; warm-up {warmUp.TotalHours:0.#} h, its {real.WarmUpRequests} requests posted unscored");
        sb.AppendLine("                 reqs   hit%  running  stopped/resuming  on-demand  inventory at the day's start");
        sb.AppendLine(CultureInfo.InvariantCulture, $"simulator       {s.Requests,5} {100 * s.HitRate,6:0.00} {s.Instant,8} {s.PoolHits - s.Instant,17} {s.Requests - s.PoolHits,10}  {simulated.AtDayStart}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"real stack      {real.Requests,5} {100 * real.HitRate,6:0.00} {real.PoolRunning,8} {real.PoolStopped,17} {real.OnDemand,10}  {real.AtDayStart}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"difference {difference:+0.00;-0.00;0.00} points (limit ±{AgreementPoints}): {(Math.Abs(difference) <= AgreementPoints ? "agree" : "DISAGREE")}; real stack's wall time {wall.TotalSeconds:0} s");
        return sb.ToString();
    }

    private static string Json(string path, PoolKey pool, DateTimeOffset day, TimeSpan warmUp, TimeSpan step, SimulatorResult simulated, RealResult real,
        double difference, TimeSpan wall)
    {
        static object Stock(Inventory i) => new { running = i.Running, stopped = i.Stopped, building = i.Building, resuming = i.Resuming, total = i.Total };
        var s = simulated.Score;
        return JsonSerializer.Serialize(new
        {
            trace = path,
            pool = pool.ToString(),
            day = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            warmUpHours = warmUp.TotalHours,
            historyRequests = real.HistoryRequests,
            warmUpRequests = real.WarmUpRequests,
            clockStepSeconds = step.TotalSeconds,
            simulator = new
            {
                requests = s.Requests, hitRate = s.HitRate, running = s.Instant, stoppedOrResuming = s.PoolHits - s.Instant, onDemand = s.Requests - s.PoolHits,
                inventoryAtDayStart = Stock(simulated.AtDayStart),
            },
            realStack = new
            {
                requests = real.Requests, hitRate = real.HitRate, poolRunning = real.PoolRunning, poolStopped = real.PoolStopped, onDemand = real.OnDemand,
                inventoryAtDayStart = Stock(real.AtDayStart), wallSeconds = wall.TotalSeconds,
            },
            differencePoints = difference,
            agree = Math.Abs(difference) <= AgreementPoints,
        }, Indented);
    }

    private static void Progress(bool json, string message) => (json ? Console.Error : Console.Out).WriteLine(message);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static PoolKey PoolKeyOf(string text) =>
        text.Split('/') is [var blueprint, var os, var region] && blueprint.Length > 0 && os.Length > 0 && region.Length > 0
            ? new PoolKey(blueprint, os, region)
            : throw new ArgumentException($"--pool must be blueprint/os/region, not '{text}'");

    private static DateTimeOffset Day(string text) =>
        DateTimeOffset.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var day)
            ? day
            : throw new ArgumentException($"--day must be YYYY-MM-DD, not '{text}'");
}
