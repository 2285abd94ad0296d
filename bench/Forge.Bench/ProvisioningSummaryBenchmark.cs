using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Forge.Api.Tests.Support;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace Forge.Bench;

/// <summary>
/// <c>GET /api/v1/metrics/provisioning</c> over 1 million stored provisioning records spread over 30
/// days, for the whole 30-day window (target: under 500 ms), against a real Forge process (Release
/// build, real HTTP on loopback) on SQLite or on a throwaway PostgreSQL cluster. The records are
/// bulk-loaded once Forge has migrated the database; the statistics are then refreshed (ANALYZE, and
/// VACUUM on PostgreSQL, as autovacuum would after such a load).
/// Run by hand: <c>dotnet run -c Release --project bench/Forge.Bench -- summary sqlite|postgres</c>.
/// </summary>
public static partial class ProvisioningSummaryBenchmark
{
    private const int Records = 1_000_000;
    private const int Rounds = 20;
    // 25 blueprints × 4 regions: the 100 series the alert evaluation is measured on.
    private static readonly string[] Blueprints = ["backend", "frontend", "data", "ml", "mobile", .. Enumerable.Range(1, 20).Select(i => $"team-bp-{i}")];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2"];
    private static readonly string[] Paths = ["on-demand", "pool-running", "pool-stopped"];
    private static readonly string[] InsertParameters = ["$id", "$owner", "$teams", "$requested", "$finished", "$duration", "$outcome", "$reason", "$blueprint", "$region", "$path"];

    /// <param name="provider"><c>sqlite</c> or <c>postgres</c>.</param>
    /// <param name="alerts">
    /// Measure the alert evaluation instead: Forge evaluates every second, and each pass's time (load the 3 days of
    /// events and the requests in flight, plan every rule for each of the 100 series and overall, write) is read from
    /// its pass log.
    /// </param>
    public static async Task<int> RunAsync(string provider, bool alerts = false)
    {
        var root = ForgeProcess.RepositoryRoot();
        var apiFolder = Path.Combine(root, "src", "Forge.Api", "bin", "Release", "net10.0");
        var data = Directory.CreateTempSubdirectory("forge-bench-summary-").FullName;
        var apiPort = ForgeProcess.FreePort();
        var cloudPort = ForgeProcess.FreePort();
        var args = new List<string>
        {
            Path.Combine(apiFolder, "Forge.Api.dll"), "--contentRoot", apiFolder, "--urls", $"http://127.0.0.1:{apiPort}",
            "--Persistence:DataDirectory", data, "--EmbeddedLocalCloud:Url", $"http://127.0.0.1:{cloudPort}",
            "--Aws:ServiceUrl", $"http://127.0.0.1:{cloudPort}", "--Http:RateLimit:PermitsPerWindow", "1000000", "--Logging:LogLevel:Default", "Warning",
            "--Alerts:Enabled", alerts ? "true" : "false", "--Pools:Enabled", "false", "--Alerts:EvaluationInterval", "00:00:01",
            "--Logging:LogLevel:Forge.Api.Alerts.AlertEvaluator", "Debug", "--Logging:Console:FormatterName", "simple",
            "--Logging:Console:FormatterOptions:SingleLine", "true",
        };
        string? postgres = null;
        if (provider == "postgres")
        {
            postgres = await (await PostgresServer.GetAsync()).CreateDatabaseAsync();
            args.AddRange(["--Persistence:PostgresConnectionString", postgres]);
        }

        using var api = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var passes = new System.Collections.Concurrent.ConcurrentQueue<(int Examined, double Ms)>();
        api.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && PassLog().Match(text) is { Success: true } m)
            {
                passes.Enqueue((int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)));
            }
        };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromMinutes(2) };
            await ForgeProcess.WaitReadyAsync(http, TimeSpan.FromSeconds(120));
            var now = TimeProvider.System.GetUtcNow();
            var load = Stopwatch.StartNew();
            if (postgres is null)
            {
                LoadSqlite(Path.Combine(data, "forge.db"), now);
            }
            else
            {
                await LoadPostgresAsync(postgres, now);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: loaded {Records} records in {load.Elapsed.TotalSeconds:F1} s"));
            if (alerts)
            {
                await MeasureAlertPassesAsync(provider, passes);
                return 0;
            }

            var admin = await ForgeProcess.DevTokenAsync(http, "bench-admin", "admin", []);
            var lead = await ForgeProcess.DevTokenAsync(http, "bench-lead", "team-lead", ["team-3"]);
            var from = Uri.EscapeDataString((now - TimeSpan.FromDays(30)).ToString("O", CultureInfo.InvariantCulture));
            var to = Uri.EscapeDataString(now.ToString("O", CultureInfo.InvariantCulture));
            await MeasureAsync(http, admin, $"{provider}: 30 days, all {Records} records, admin, daily buckets", $"?from={from}&to={to}&bucket=1d", Records);
            await MeasureAsync(http, admin, $"{provider}: 30 days, one blueprint, admin, hourly buckets", $"?from={from}&to={to}&bucket=1h&blueprint=frontend", null);
            await MeasureAsync(http, lead, $"{provider}: 30 days, one team of 10, team lead, daily buckets", $"?from={from}&to={to}&bucket=1d", null);
            return 0;
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Skips the passes that ran during the load and the first full one (it opens the incidents), then takes 20.</summary>
    private static async Task MeasureAlertPassesAsync(string provider, System.Collections.Concurrent.ConcurrentQueue<(int Examined, double Ms)> passes)
    {
        passes.Clear();
        var clock = TimeProvider.System;
        var deadline = clock.GetUtcNow() + TimeSpan.FromMinutes(3);
        while (passes.Count < Rounds + 1 && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), clock, CancellationToken.None);
        }

        var measured = passes.Skip(1).Take(Rounds).ToList();
        if (measured.Count < Rounds)
        {
            throw new InvalidOperationException($"Only {measured.Count} alert passes were logged in 3 minutes.");
        }

        var sorted = measured.Select(p => p.Ms).Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{provider}: alert evaluation over 3 days of {Blueprints.Length * Regions.Length} blueprint x region series ({measured[0].Examined} decisions a pass, {Rounds} passes): p50 {P(0.50):F0} ms, p95 {P(0.95):F0} ms, max {sorted[^1]:F0} ms"));
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Alert evaluation pass: (\d+) examined, \d+ acted on, \d+ failed, ([\d.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex PassLog();

    private static async Task MeasureAsync(HttpClient http, string token, string name, string query, long? expected)
    {
        var latencies = new List<double>();
        long count = 0;
        for (var round = 0; round <= Rounds; round++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/metrics/provisioning" + query);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var one = Stopwatch.StartNew();
            using var response = await http.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            var elapsed = one.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK)
            {
                throw new InvalidOperationException($"{query} answered {(int)response.StatusCode}: {body}");
            }

            count = JsonDocument.Parse(body).RootElement.GetProperty("count").GetInt64();
            if (round > 0)
            {
                latencies.Add(elapsed); // round 0 warms the process and the database cache
            }
        }

        if (expected is { } want && count != want)
        {
            throw new InvalidOperationException($"The summary counted {count} records, expected {want}.");
        }

        var sorted = latencies.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name} ({count} in window, {Rounds} sequential requests): p50 {P(0.50):F0} ms, p95 {P(0.95):F0} ms, max {sorted[^1]:F0} ms"));
    }

    /// <summary>The same records on either database: finish times spread over the 30 days before <paramref name="now"/>, 3 % failed.</summary>
    private static IEnumerable<(Guid Id, string Owner, string Teams, DateTimeOffset Requested, DateTimeOffset Finished, long DurationMs, string Outcome,
        string Reason, string Blueprint, string Region, string Path)> Generate(DateTimeOffset now)
    {
        var random = new Random(42);
        var window = (long)TimeSpan.FromDays(30).TotalMilliseconds;
        for (var i = 0; i < Records; i++)
        {
            // Mostly 2-6 minutes, a long tail past the SLA.
            var durationMs = (long)(120_000 * Math.Exp(random.NextDouble() * 1.2 + (random.NextDouble() < 0.05 ? 1 : 0)));
            var finished = now - TimeSpan.FromMilliseconds(1 + random.NextInt64(window - 1));
            var failed = random.NextDouble() < 0.03;
            var owner = random.Next(1000);
            yield return (Guid.NewGuid(), $"user-{owner}", $"|team-{owner / 10}|", finished - TimeSpan.FromMilliseconds(durationMs), finished, durationMs,
                failed ? "failed" : "ready", failed ? "join" : "", Blueprints[random.Next(Blueprints.Length)], Regions[random.Next(Regions.Length)],
                Paths[random.Next(Paths.Length)]);
        }
    }

    private static void LoadSqlite(string file, DateTimeOffset now)
    {
        using var connection = new SqliteConnection($"Data Source={file};Default Timeout=60");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO "ProvisioningRecords" ("WorkspaceId", "OwnerId", "OwnerTeams", "RequestedAt", "FinishedAt", "DurationMs", "Outcome", "FailureReason",
              "Blueprint", "OperatingSystem", "Region", "Path") VALUES ($id, $owner, $teams, $requested, $finished, $duration, $outcome, $reason, $blueprint, 'linux', $region, $path)
            """;
        var p = InsertParameters.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
        foreach (var r in Generate(now))
        {
            p[0].Value = r.Id.ToString().ToUpperInvariant();
            p[1].Value = r.Owner;
            p[2].Value = r.Teams;
            p[3].Value = Micros(r.Requested);
            p[4].Value = Micros(r.Finished);
            p[5].Value = r.DurationMs;
            p[6].Value = r.Outcome;
            p[7].Value = r.Reason;
            p[8].Value = r.Blueprint;
            p[9].Value = r.Region;
            p[10].Value = r.Path;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }

    private static async Task LoadPostgresAsync(string connectionString, DateTimeOffset now)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using (var writer = await connection.BeginBinaryImportAsync("""
            COPY "ProvisioningRecords" ("WorkspaceId", "OwnerId", "OwnerTeams", "RequestedAt", "FinishedAt", "DurationMs", "Outcome", "FailureReason",
              "Blueprint", "OperatingSystem", "Region", "Path") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in Generate(now))
            {
                await writer.StartRowAsync();
                await writer.WriteAsync(r.Id, NpgsqlDbType.Uuid);
                await writer.WriteAsync(r.Owner);
                await writer.WriteAsync(r.Teams);
                await writer.WriteAsync(r.Requested.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(r.Finished.UtcDateTime, NpgsqlDbType.TimestampTz);
                await writer.WriteAsync(r.DurationMs, NpgsqlDbType.Bigint);
                await writer.WriteAsync(r.Outcome);
                await writer.WriteAsync(r.Reason);
                await writer.WriteAsync(r.Blueprint);
                await writer.WriteAsync("linux");
                await writer.WriteAsync(r.Region);
                await writer.WriteAsync(r.Path);
            }

            await writer.CompleteAsync();
        }

        await using var vacuum = new NpgsqlCommand("VACUUM ANALYZE \"ProvisioningRecords\"", connection);
        await vacuum.ExecuteNonQueryAsync();
    }

    private static long Micros(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;
}
