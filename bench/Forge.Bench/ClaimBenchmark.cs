using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Tests.Support;
using Forge.LocalCloud.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Bench;

/// <summary>
/// Time to workstation on a pool hit (issue #10): a real Forge process (Release build) on SQLite or a throwaway
/// PostgreSQL cluster, against the local cloud with its clock at 1× (Forge's and the cloud's clocks agree) and its SSM
/// command latencies as they are; only a WorkSpace's build is cut to 30 s, so members are built quickly (the claim is
/// measured, not the build). The backend/linux pool in us-east-1 is held at 40 members and a reservation keeps them
/// running; then 200 developers (one dev token each) claim a workstation: rounds of 20 claims, alternately 4 at a time and
/// all 20 at once, each round waiting for 20 running members first. Per claim: real time from POST to <c>ready</c>
/// (GET every 200 ms), the path it took, and the duration of every step that ran after the claim.
/// Printed: p50/p95/p99/max per path and overall, per-step p50/p95, and with <c>--json</c> the same as one JSON object.
/// Every developer is new to Forge, so each claim also creates their FSx volume (FSx calls at Forge's 5 a second); the local
/// cloud makes one in 1 s by default. A returning developer's volume exists and costs no FSx call.
/// <c>--volume-create-time SECONDS</c> measures first-time developers instead (120: FSx's couple of minutes).
/// Run by hand: <c>dotnet run -c Release --project bench/Forge.Bench -- claim sqlite|postgres [--json] [--volume-create-time SECONDS]</c>.
/// </summary>
public static class ClaimBenchmark
{
    private const string Region = "us-east-1";
    private const string PoolPath = "/api/v1/pools/backend/linux/us-east-1";
    private const int PoolSize = 40;
    private const int Claims = 200;
    private const int RoundSize = 20;
    private const int SteadyConcurrency = 4;
    private static readonly TimeSpan BuildTime = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan QuickVolume = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReservationAhead = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ClaimTimeout = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan RefillTimeout = TimeSpan.FromMinutes(15);
    private static readonly string[] BenchTeams = ["bench"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>One claim as measured: its round's kind, the path, POST to ready, and each step run after the claim.</summary>
    private sealed record ClaimResult(int Round, string Kind, string Path, double Seconds, string Status, IReadOnlyList<StepTime> Steps);

    private sealed record StepTime(string Name, double Seconds, double StartOffsetSeconds);

    /// <param name="provider">sqlite or postgres.</param>
    /// <param name="json">Whether the figures are also printed as one JSON object.</param>
    /// <param name="volumeCreateTime">How long the local cloud's FSx takes to create a volume; null: 1 s (FSx itself can take minutes).</param>
    public static async Task<int> RunAsync(string provider, bool json, TimeSpan? volumeCreateTime)
    {
        if (provider is not ("sqlite" or "postgres"))
        {
            Console.Error.WriteLine("claim: the database is sqlite or postgres.");
            return 2;
        }

        var cloud = LocalCloudServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], TimeProvider.System, o =>
        {
            o.TimeScale = 1;
            o.WorkspaceBuildTime = BuildTime;
            o.VolumeCreateTime = volumeCreateTime ?? QuickVolume;
        });
        var volumeTime = volumeCreateTime ?? QuickVolume;
        await cloud.StartAsync();
        var cloudUrl = cloud.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var data = Directory.CreateTempSubdirectory("forge-bench-claim-").FullName;
        string? postgres = provider == "postgres" ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync() : null;
        var apiPort = ForgeProcess.FreePort();
        var log = Path.Combine(data, "forge.log");
        var logWriter = new StreamWriter(log) { AutoFlush = true };
        using var api = StartForge(data, postgres, cloudUrl, apiPort, logWriter);
        using var stop = new CancellationTokenSource();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromMinutes(2) };
            await ForgeProcess.WaitReadyAsync(http, TimeSpan.FromSeconds(90));
            var admin = await ForgeProcess.DevTokenAsync(http, "bench-admin", "admin", BenchTeams);
            var tokens = new List<string>(Claims);
            for (var u = 0; u < Claims; u++)
            {
                tokens.Add(await ForgeProcess.DevTokenAsync(http, $"bench-claim-{u:D3}", "developer", BenchTeams));
            }

            var clock = Stopwatch.StartNew();
            // A reservation inside the park horizon keeps members running; renewed so one always lies ahead.
            var reservations = KeepReservingAsync(http, admin, stop.Token);
            Progress(clock, $"{provider}: Forge ready, local cloud at {cloudUrl} (1x, builds {BuildTime.TotalSeconds:F0} s, volumes {volumeTime.TotalSeconds:F0} s); waiting for {RoundSize} running members");

            var results = new ConcurrentBag<ClaimResult>();
            var rounds = Claims / RoundSize;
            for (var round = 0; round < rounds; round++)
            {
                var burst = round % 2 == 1;
                var kind = burst ? $"burst of {RoundSize}" : $"{SteadyConcurrency} at a time";
                var running = await WaitForRunningAsync(http, admin, RoundSize, clock);
                Progress(clock, $"round {round + 1}/{rounds} ({kind}): {running} running members");
                var next = -1;
                var first = round * RoundSize;
                await Task.WhenAll(Enumerable.Range(0, burst ? RoundSize : SteadyConcurrency).Select(async _ =>
                {
                    int i;
                    while ((i = Interlocked.Increment(ref next)) < RoundSize)
                    {
                        results.Add(await ClaimAsync(http, tokens[first + i], round + 1, kind));
                    }
                }));
                var done = results.Where(r => r.Round == round + 1).ToList();
                Progress(clock, string.Create(CultureInfo.InvariantCulture,
                    $"round {round + 1}/{rounds}: {string.Join(", ", done.GroupBy(r => r.Path).Select(g => $"{g.Count()} {g.Key}"))}; "
                    + $"p50 {Percentile([.. done.Select(r => r.Seconds)], 0.5):F1} s, max {done.Max(r => r.Seconds):F1} s"));
            }

            await stop.CancelAsync();
            await reservations;
            Report(provider, volumeTime, [.. results.OrderBy(r => r.Round)], clock.Elapsed, json);
            return results.All(r => r.Status == "ready") ? 0 : 1;
        }
        finally
        {
            if (!stop.IsCancellationRequested)
            {
                await stop.CancelAsync();
            }

            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            lock (logWriter)
            {
                logWriter.Dispose();
            }

            await cloud.StopAsync();
            await cloud.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Console.WriteLine($"Forge's log (warnings and errors) is kept as {Path.Combine(Path.GetTempPath(), "forge-bench-claim.log")}.");
            File.Copy(log, Path.Combine(Path.GetTempPath(), "forge-bench-claim.log"), overwrite: true);
            Directory.Delete(data, recursive: true);
        }
    }

    private static Process StartForge(string data, string? postgres, string cloudUrl, int apiPort, StreamWriter writer)
    {
        var apiFolder = ForgeProcess.ApiFolder;
        var args = new List<string>
        {
            Path.Combine(apiFolder, "Forge.Api.dll"), "--contentRoot", apiFolder, "--urls", $"http://127.0.0.1:{apiPort}",
            "--Persistence:DataDirectory", data, "--EmbeddedLocalCloud:Enabled", "false", "--Aws:ServiceUrl", cloudUrl,
            "--Aws:AccessKeyId", "forge-local", "--Aws:SecretAccessKey", "forge-local-secret",
            // One client address and 200 users: lift the per-client budget. Forge's AWS rate limits stay as shipped.
            "--Http:RateLimit:PermitsPerWindow", "1000000",
            // Only the measured pool: backend on Linux in one region, large enough for a burst and its refill.
            "--Pools:Enabled", "true", "--Pools:Regions:0", Region,
            "--Pools:backend:linux:Min", PoolSize.ToString(CultureInfo.InvariantCulture),
            "--Pools:backend:linux:Max", PoolSize.ToString(CultureInfo.InvariantCulture),
            "--Pools:backend:windows:Enabled", "false", "--Pools:frontend:linux:Enabled", "false",
            "--Logging:LogLevel:Default", "Warning",
            "--Logging:Console:FormatterName", "simple", "--Logging:Console:FormatterOptions:SingleLine", "true",
        };
        if (postgres is not null)
        {
            args.AddRange(["--Persistence:PostgresConnectionString", postgres]);
        }

        var api = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        api.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                // Forge's output ends before WaitForExitAsync returns, and only then is the writer disposed.
                lock (writer)
                {
                    writer.WriteLine(text);
                }

                if (text.StartsWith("fail:", StringComparison.Ordinal) || text.StartsWith("crit:", StringComparison.Ordinal))
                {
                    Console.WriteLine("forge: " + text);
                }
            }
        };
        api.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is { } text)
            {
                Console.WriteLine("forge (stderr): " + text);
            }
        };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        return api;
    }

    /// <summary>
    /// A reservation for one round, 10 minutes ahead (inside the park horizon, 30 min, so members are kept running), and the
    /// next one only when it has passed: never two ahead at once, which would lift the pool's bound twice over.
    /// </summary>
    private static async Task KeepReservingAsync(HttpClient http, string admin, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, PoolPath + "/reservations")
                {
                    Content = JsonContent.Create(new { at = TimeProvider.System.GetUtcNow() + ReservationAhead, count = RoundSize, note = "claim benchmark" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
                using var response = await http.SendAsync(request, stop);
                await ExpectAsync(response, HttpStatusCode.Created);
                await Task.Delay(ReservationAhead, TimeProvider.System, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The benchmark is over.
        }
    }

    /// <summary>Waits until the pool has at least <paramref name="wanted"/> unclaimed running members; their count.</summary>
    private static async Task<int> WaitForRunningAsync(HttpClient http, string admin, int wanted, Stopwatch clock)
    {
        var waited = Stopwatch.StartNew();
        var lastNote = TimeSpan.Zero;
        while (true)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/pools");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", admin);
            using var response = await http.SendAsync(request);
            await ExpectAsync(response, HttpStatusCode.OK);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var pool = document.RootElement.GetProperty("pools").EnumerateArray().First(p =>
                p.GetProperty("blueprint").GetString() == "backend" && p.GetProperty("operatingSystem").GetString() == "linux"
                && p.GetProperty("region").GetString() == Region);
            var members = pool.GetProperty("members");
            var running = members.GetProperty("running").GetInt32();
            if (running >= wanted)
            {
                return running;
            }

            if (waited.Elapsed - lastNote >= TimeSpan.FromSeconds(30))
            {
                lastNote = waited.Elapsed;
                var pause = pool.TryGetProperty("pauseReason", out var reason) && reason.ValueKind == JsonValueKind.String ? $"; paused: {reason.GetString()}" : "";
                Progress(clock, $"  pool: {running} running, {members.GetProperty("stopped").GetInt32()} stopped, {members.GetProperty("building").GetInt32()} building, "
                    + $"{members.GetProperty("resuming").GetInt32()} resuming, {members.GetProperty("parking").GetInt32()} parking{pause}");
            }

            if (waited.Elapsed > RefillTimeout)
            {
                throw new TimeoutException($"The pool did not reach {wanted} running members within {RefillTimeout.TotalMinutes:F0} minutes ({running} running).");
            }

            await Task.Delay(TimeSpan.FromSeconds(2), TimeProvider.System);
        }
    }

    /// <summary>One claim: POST, then GET every 200 ms until ready or failed; the steps that started after the POST.</summary>
    private static async Task<ClaimResult> ClaimAsync(HttpClient http, string token, int round, string kind)
    {
        var posted = TimeProvider.System.GetUtcNow();
        var elapsed = Stopwatch.StartNew();
        using var create = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces")
        {
            Content = JsonContent.Create(new { blueprint = "backend", operatingSystem = "linux", region = Region }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await http.SendAsync(create);
        await ExpectAsync(created, HttpStatusCode.Accepted);
        using var createdBody = JsonDocument.Parse(await created.Content.ReadAsStreamAsync());
        var id = createdBody.RootElement.GetProperty("id").GetGuid();
        var path = createdBody.RootElement.GetProperty("provisioningPath").GetString()!;
        while (true)
        {
            using var get = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/workspaces/{id}");
            get.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(get);
            await ExpectAsync(response, HttpStatusCode.OK);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            var status = body.RootElement.GetProperty("status").GetString()!;
            if (status is "ready" or "failed" || elapsed.Elapsed > ClaimTimeout)
            {
                var seconds = elapsed.Elapsed.TotalSeconds;
                // Stored times are truncated (a step started in the POST's own second can read a little earlier).
                var steps = body.RootElement.GetProperty("steps").EnumerateArray()
                    .Select(s => (Name: s.GetProperty("name").GetString()!, Started: s.GetProperty("startedAt").GetDateTimeOffset(),
                        Completed: s.GetProperty("completedAt") is { ValueKind: JsonValueKind.String } c ? c.GetDateTimeOffset() : (DateTimeOffset?)null))
                    .Where(s => s.Started >= posted - TimeSpan.FromSeconds(1) && s.Completed is not null)
                    .Select(s => new StepTime(s.Name, (s.Completed!.Value - s.Started).TotalSeconds, (s.Started - posted).TotalSeconds))
                    .ToList();
                return new ClaimResult(round, kind, path, seconds, status == "ready" || status == "failed" ? status : "timed out", steps);
            }

            await Task.Delay(Poll, TimeProvider.System);
        }
    }

    private static void Report(string provider, TimeSpan volumeTime, IReadOnlyList<ClaimResult> results, TimeSpan total, bool json)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider} (FSx volume creation {volumeTime.TotalSeconds:F0} s): {results.Count} claims in {total.TotalMinutes:F1} min; {results.Count(r => r.Status == "ready")} ready, "
            + $"{results.Count(r => r.Status == "failed")} failed, {results.Count(r => r.Status == "timed out")} timed out"));
        Console.WriteLine();
        Console.WriteLine("POST to ready (s)        count     p50     p95     p99     max");
        var groups = results.GroupBy(r => r.Path).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Rows: g.ToList()))
            .Concat(results.GroupBy(r => r.Kind).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Name: g.Key, Rows: g.ToList())))
            .Append((Name: "all", Rows: results.ToList()))
            .ToList();
        var latency = new List<object>();
        foreach (var (name, rows) in groups)
        {
            var s = rows.Select(r => r.Seconds).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name,-22} {rows.Count,7} {Percentile(s, 0.5),7:F1} {Percentile(s, 0.95),7:F1} {Percentile(s, 0.99),7:F1} {s.Max(),7:F1}"));
            latency.Add(new { group = name, count = rows.Count, p50 = Percentile(s, 0.5), p95 = Percentile(s, 0.95), p99 = Percentile(s, 0.99), max = s.Max() });
        }

        Console.WriteLine();
        Console.WriteLine("Steps after the claim (s)        count     p50     p95     max   starts at (p50, after POST)");
        var steps = new List<object>();
        foreach (var step in results.SelectMany(r => r.Steps.Select(s => (r.Path, Step: s)))
                     .GroupBy(x => (x.Path, x.Step.Name))
                     .OrderBy(g => g.Key.Path, StringComparer.Ordinal).ThenBy(g => g.Average(x => x.Step.StartOffsetSeconds)))
        {
            var s = step.Select(x => x.Step.Seconds).ToArray();
            var start = Percentile([.. step.Select(x => x.Step.StartOffsetSeconds)], 0.5);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{step.Key.Path + " " + step.Key.Name,-32} {s.Length,6} {Percentile(s, 0.5),7:F1} {Percentile(s, 0.95),7:F1} {s.Max(),7:F1}   {start,7:F1}"));
            steps.Add(new { path = step.Key.Path, step = step.Key.Name, count = s.Length, p50 = Percentile(s, 0.5), p95 = Percentile(s, 0.95), max = s.Max(), startP50 = start });
        }

        if (json)
        {
            Console.WriteLine();
            Console.WriteLine(JsonSerializer.Serialize(new { provider, volumeCreateSeconds = volumeTime.TotalSeconds, claims = results.Count, minutes = total.TotalMinutes, latency, steps }, Indented));
        }
    }

    private static double Percentile(double[] values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static void Progress(Stopwatch clock, string line) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:mm\\:ss}] {line}"));

    private static async Task ExpectAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}: {body}");
        }
    }
}
