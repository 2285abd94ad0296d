using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Forge.Bench.Pools;

/// <summary>
/// <c>pools --trace FILE.csv [--policy NAME|all] [--json] [--lead-median M --lead-p95 P]</c>: replays a trace
/// against each policy and reports, per policy and per pool, over the trace's second half.
/// <c>pools-trace NAME --seed N --out FILE.csv [--weeks W]</c>: writes one of the generated traces.
/// </summary>
public static class PoolsBenchmark
{
    public static readonly string[] PolicyNames = ["forge", "static-5", "static-20", "cron", "target-tracking", "coder", "base-stock-known", "oracle"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static ISizingPolicy Policy(string name) => name switch
    {
        "forge" => new ForgePolicy(),
        "static-5" => new StaticPolicy(5),
        "static-20" => new StaticPolicy(20),
        "cron" => new CronPolicy(),
        "target-tracking" => new TargetTrackingPolicy(),
        "coder" => new CoderPolicy(),
        "base-stock-known" => new KnownRatePolicy(),
        "oracle" => new OraclePolicy(),
        _ => throw new ArgumentException($"unknown policy '{name}'; known: {string.Join(", ", PolicyNames)}, all", nameof(name)),
    };

    public static int Run(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            return args[0] == "pools-trace" ? WriteTrace(args) : Replay(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException or IOException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
    }

    /// <summary>The replay's fixed facts from a trace: pools in order of first request, minute 0 at the first request's minute, split at the middle.</summary>
    public static SimulationSetup Setup(PoolTrace trace, SimulationModel model)
    {
        ArgumentNullException.ThrowIfNull(trace);
        if (trace.Requests.Count == 0)
        {
            throw new ArgumentException("the trace holds no request", nameof(trace));
        }

        var first = trace.Requests[0].At;
        var origin = new DateTimeOffset(first.Year, first.Month, first.Day, first.Hour, first.Minute, 0, TimeSpan.Zero);
        var pools = trace.Requests.Select(r => r.Pool).Distinct().ToList();
        var index = pools.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i);
        var arrivals = pools.Select(_ => new List<double>()).ToArray();
        foreach (var r in trace.Requests)
        {
            arrivals[index[r.Pool]].Add((r.At - origin).TotalMinutes);
        }

        var minutes = (int)Math.Ceiling((trace.Requests[^1].At - origin).TotalMinutes) + 1;
        return new(pools, origin, minutes, minutes / 2, arrivals.Select(a => a.ToArray()).ToArray(), trace.Reservations, trace.Rates, model);
    }

    private static int Replay(string[] args)
    {
        var options = Options(args[1..]);
        var path = options.GetValueOrDefault("--trace") ?? throw new ArgumentException("--trace FILE.csv is required");
        var name = options.GetValueOrDefault("--policy") ?? "all";
        var model = new SimulationModel
        {
            LeadMedianMinutes = Number(options, "--lead-median") ?? 20,
            LeadP95Minutes = Number(options, "--lead-p95"),
        };
        var trace = PoolTrace.Load(path);
        var setup = Setup(trace, model);
        var results = new List<(string Policy, double Seconds, PoolScore Total, IReadOnlyList<PoolScore> Pools)>();
        foreach (var policyName in name == "all" ? PolicyNames : [name])
        {
            var policy = Policy(policyName);
            var clock = Stopwatch.StartNew();
            var pools = PoolSimulator.Run(setup, policy);
            results.Add((policyName, clock.Elapsed.TotalSeconds, PoolScore.Total(pools), pools));
        }

        Console.WriteLine(options.ContainsKey("--json") ? Json(path, setup, results) : Table(path, setup, trace, results));
        return 0;
    }

    private static string Table(string path, SimulationSetup setup, PoolTrace trace, List<(string Policy, double Seconds, PoolScore Total, IReadOnlyList<PoolScore> Pools)> results)
    {
        var lead = setup.Model.LeadP95Minutes is { } p95 ? $"log-normal median {setup.Model.LeadMedianMinutes} p95 {p95}" : $"fixed {setup.Model.LeadMedianMinutes}";
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"trace {path}: {trace.Requests.Count} requests, {setup.Pools.Count} pools, {setup.Minutes / 1440.0:0.#} days, {trace.Reservations.Count} reservations, true rates {(trace.Rates.Count > 0 ? "known" : "not given (base-stock-known: hindsight within ±15 min)")}; lead time {lead} min; scored from {setup.At(setup.SplitMinute):yyyy-MM-dd HH:mm}Z");
        sb.AppendLine("policy            pool                               reqs   hit%  inst%   sla%  p50  p95  p99  idleRun-h idleStop-h run-h/req stop-h/req builds wasted(%)  on-dem peak/s thr  replay-s");
        foreach (var (policy, seconds, total, pools) in results)
        {
            Row(sb, policy, total, seconds);
            if (pools.Count > 1)
            {
                foreach (var p in pools)
                {
                    Row(sb, "", p, null);
                }
            }
        }

        return sb.ToString();
    }

    private static void Row(StringBuilder sb, string policy, PoolScore s, double? seconds) =>
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{policy,-17} {s.Pool,-34} {s.Requests,5} {100 * s.HitRate,6:0.00} {100 * s.InstantRate,6:0.00} {100 * s.SlaAttainment,6:0.00} {s.Wait(0.5),4:0.#} {s.Wait(0.95),4:0.#} {s.Wait(0.99),4:0.#} {s.IdleRunningHours,10:0.0} {s.IdleStoppedHours,10:0.0} {s.IdleRunningHours / Math.Max(1, s.Requests),9:0.000} {s.IdleStoppedHours / Math.Max(1, s.Requests),10:0.000} {s.Builds,6} {s.WastedBuilds,5}({100 * s.WastedShare:0.0}) {s.OnDemandBuilds,6} {s.PeakCallsPerSecond,6} {s.Throttles,3} {(seconds is { } x ? x.ToString("0.00", CultureInfo.InvariantCulture) : ""),9}");

    private static string Json(string path, SimulationSetup setup, List<(string Policy, double Seconds, PoolScore Total, IReadOnlyList<PoolScore> Pools)> results)
    {
        static object Figures(PoolScore s) => new
        {
            pool = s.Pool, requests = s.Requests, hitRate = s.HitRate, instantRate = s.InstantRate, slaAttainment = s.SlaAttainment,
            timeToWorkstationMinutes = new { p50 = s.Wait(0.5), p95 = s.Wait(0.95), p99 = s.Wait(0.99) },
            idleRunningHours = s.IdleRunningHours, idleStoppedHours = s.IdleStoppedHours,
            idleRunningHoursPerRequest = s.IdleRunningHours / Math.Max(1, s.Requests), idleStoppedHoursPerRequest = s.IdleStoppedHours / Math.Max(1, s.Requests),
            builds = s.Builds, wastedBuilds = s.WastedBuilds, onDemandBuilds = s.OnDemandBuilds, peakCallsPerSecond = s.PeakCallsPerSecond, throttles = s.Throttles,
        };
        return JsonSerializer.Serialize(new
        {
            trace = path,
            pools = setup.Pools.Count,
            leadMedianMinutes = setup.Model.LeadMedianMinutes,
            leadP95Minutes = setup.Model.LeadP95Minutes,
            scoredFrom = setup.At(setup.SplitMinute),
            policies = results.Select(r => new { policy = r.Policy, replaySeconds = r.Seconds, total = Figures(r.Total), pools = r.Pools.Select(Figures) }),
        }, Indented);
    }

    private static int WriteTrace(string[] args)
    {
        if (args.Length < 2)
        {
            throw new ArgumentException($"pools-trace NAME --seed N --out FILE.csv [--weeks W]; names: {string.Join(", ", TraceGenerator.Names)}");
        }

        var options = Options(args[2..]);
        var seed = (int)(Number(options, "--seed") ?? throw new ArgumentException("--seed N is required"));
        var weeks = (int)(Number(options, "--weeks") ?? 8);
        var output = options.GetValueOrDefault("--out") ?? throw new ArgumentException("--out FILE.csv is required");
        var trace = TraceGenerator.Generate(args[1], seed, weeks);
        trace.Save(output);
        Console.WriteLine($"{output}: {trace.Requests.Count} requests, {trace.Requests.Select(r => r.Pool).Distinct().Count()} pools, {trace.Reservations.Count} reservations");
        return 0;
    }

    internal static Dictionary<string, string?> Options(string[] args)
    {
        var options = new Dictionary<string, string?>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"unexpected argument '{args[i]}'");
            }

            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[args[i]] = hasValue ? args[++i] : null;
        }

        return options;
    }

    internal static double? Number(Dictionary<string, string?> options, string name) =>
        !options.TryGetValue(name, out var text) ? null
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 ? x
            : throw new ArgumentException($"{name} must be a positive number, not '{text}'");
}
