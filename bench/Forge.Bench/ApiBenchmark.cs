using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Forge.Api.Tests.Support;

namespace Forge.Bench;

/// <summary>
/// API throughput and latency for create and list with 1 000 workspaces, against a real Forge process
/// (Release build, real HTTP on loopback, its embedded local cloud building the WorkSpaces meanwhile)
/// on SQLite or on a throwaway PostgreSQL cluster.
/// Run by hand: <c>dotnet run -c Release --project bench/Forge.Bench -- api sqlite|postgres</c>.
/// </summary>
public static class ApiBenchmark
{
    private const int Workspaces = 1_000;
    private const int Users = 50;
    private const int Concurrency = 16;
    private const int ListRounds = 200;
    private static readonly string[] BenchTeams = ["bench"];

    public static async Task<int> RunAsync(string provider)
    {
        var apiFolder = ForgeProcess.ApiFolder;
        var apiDll = Path.Combine(apiFolder, "Forge.Api.dll");
        var data = Directory.CreateTempSubdirectory("forge-bench-").FullName;
        var apiPort = ForgeProcess.FreePort();
        var cloudPort = ForgeProcess.FreePort();
        var args = new List<string>
        {
            apiDll, "--contentRoot", apiFolder, "--urls", $"http://127.0.0.1:{apiPort}",
            "--Persistence:DataDirectory", data,
            "--EmbeddedLocalCloud:Url", $"http://127.0.0.1:{cloudPort}",
            "--Aws:ServiceUrl", $"http://127.0.0.1:{cloudPort}",
            // The benchmark is one client address and a few users: lift the per-user budget.
            "--Http:RateLimit:PermitsPerWindow", "1000000",
            "--Pools:Enabled", "false", // every request is an on-demand build, as the benchmark measures
            "--Workspaces:MaxLiveWorkspacesPerUser", "1000",
            "--Aws:Resilience:RequestsPerSecond:workspaces", "1000",
            "--Logging:LogLevel:Default", "Warning",
        };
        if (provider == "postgres")
        {
            var server = await PostgresServer.GetAsync();
            args.AddRange(["--Persistence:PostgresConnectionString", await server.CreateDatabaseAsync()]);
        }

        using var api = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        api.OutputDataReceived += (_, _) => { };
        api.ErrorDataReceived += (_, _) => { };
        api.BeginOutputReadLine();
        api.BeginErrorReadLine();
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };
            await ForgeProcess.WaitReadyAsync(http, TimeSpan.FromSeconds(60));
            var tokens = new List<string>();
            for (var u = 0; u < Users; u++)
            {
                tokens.Add(await ForgeProcess.DevTokenAsync(http, $"bench-{u:D2}", "developer", BenchTeams));
            }

            var admin = await ForgeProcess.DevTokenAsync(http, "bench-admin", "admin", BenchTeams);
            var create = await MeasureAsync(Workspaces, Concurrency, async i =>
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workspaces")
                {
                    Content = JsonContent.Create(new { blueprint = "backend", operatingSystem = "linux" }),
                };
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens[i % Users]);
                using var response = await http.SendAsync(request);
                Expect(response, HttpStatusCode.Accepted);
            });
            Report($"{provider}: create ({Workspaces} POST, {Concurrency} concurrent)", create);

            var listAll = await MeasureAsync(ListRounds, 1, async _ => await ListAsync(http, admin, Workspaces));
            Report($"{provider}: list all {Workspaces} as admin (sequential)", listAll);
            var listConcurrent = await MeasureAsync(ListRounds, 8, async _ => await ListAsync(http, admin, Workspaces));
            Report($"{provider}: list all {Workspaces} as admin (8 concurrent)", listConcurrent);
            var listOwn = await MeasureAsync(ListRounds, 8, async i => await ListAsync(http, tokens[i % Users], Workspaces / Users));
            Report($"{provider}: list own {Workspaces / Users} as developer (8 concurrent)", listOwn);
            return 0;
        }
        finally
        {
            api.Kill(entireProcessTree: true);
            await api.WaitForExitAsync();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>Walks every page (200 per page) and checks the total: what a portal listing everything costs.</summary>
    private static async Task ListAsync(HttpClient http, string token, int expected)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            using var request = new HttpRequestMessage(HttpMethod.Get,
                "/api/v1/workspaces?limit=200" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            Expect(response, HttpStatusCode.OK);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            count += document.RootElement.GetProperty("workspaces").GetArrayLength();
            cursor = document.RootElement.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String
                ? next.GetString()
                : null;
        }
        while (cursor is not null);

        if (count != expected)
        {
            throw new InvalidOperationException($"Listed {count} workspaces, expected {expected}.");
        }
    }

    private sealed record Measurement(int Count, TimeSpan Elapsed, double[] LatenciesMs);

    private static async Task<Measurement> MeasureAsync(int count, int concurrency, Func<int, Task> operation)
    {
        var latencies = new double[count];
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var one = Stopwatch.StartNew();
                await operation(i);
                latencies[i] = one.Elapsed.TotalMilliseconds;
            }
        }));
        return new Measurement(count, total.Elapsed, latencies);
    }

    private static void Report(string name, Measurement m)
    {
        var sorted = m.LatenciesMs.Order().ToArray();
        double P(double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}: {m.Count / m.Elapsed.TotalSeconds:F0} req/s; latency p50 {P(0.50):F1} ms, p95 {P(0.95):F1} ms, p99 {P(0.99):F1} ms, max {sorted[^1]:F1} ms"));
    }

    private static void Expect(HttpResponseMessage response, HttpStatusCode status)
    {
        if (response.StatusCode != status)
        {
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)status}.");
        }
    }
}
