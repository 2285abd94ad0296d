using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Forge.Api.Lifecycle;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Workspace = Forge.Api.Workspaces.Workspace;
using Forge.Aws;
using Forge.Aws.WorkSpaces;
using Forge.LocalCloud.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Bench;

/// <summary>
/// One lifecycle pass over 10 000 running workstations: 10 000 WorkSpaces in the local cloud (one region, built in a
/// second, always on) and their 10 000 ready workspace rows, then a real Forge process (Release build) on SQLite or a
/// throwaway PostgreSQL cluster whose lifecycle pass observes them all, decides, and records. Printed per pass: its
/// time (Forge's own pass log), the DescribeWorkspacesConnectionStatus calls the local cloud answered (target ⌈N/25⌉ =
/// 400), and the lifecycle rows written (made, and changed: every save of an existing row bumps its version). The first pass makes every
/// lifecycle row; the next three are the steady state. Forge's client-side WorkSpaces rate limit (2 calls a second, as AWS
/// publishes) is lifted here so the pass's own cost is measured; under it, 400 calls alone take about 195 s.
/// Run by hand: <c>dotnet run -c Release --project bench/Forge.Bench -- lifecycle sqlite|postgres</c>.
/// </summary>
public static partial class LifecycleBenchmark
{
    private const int Workstations = 10_000;
    private const int Passes = 4;
    private const string Region = "us-east-1";
    private const string ConnectionStatus = "WorkspacesService.DescribeWorkspacesConnectionStatus";

    public static async Task<int> RunAsync(string provider)
    {
        var calls = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var cloud = LocalCloudServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], TimeProvider.System, o =>
        {
            o.WorkspaceBuildTime = TimeSpan.FromSeconds(1);
            o.ConsistencyDelay = TimeSpan.Zero;
        });
        cloud.Use(async (HttpContext context, Func<Task> next) =>
        {
            if (context.Request.Headers["X-Amz-Target"].ToString() is { Length: > 0 } target)
            {
                calls.AddOrUpdate(target, 1, (_, n) => n + 1);
            }

            await next();
        });
        await cloud.StartAsync();
        var cloudUrl = cloud.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var data = Directory.CreateTempSubdirectory("forge-bench-lifecycle-").FullName;
        string? postgres = provider == "postgres" ? await (await PostgresServer.GetAsync()).CreateDatabaseAsync() : null;
        try
        {
            var load = Stopwatch.StartNew();
            var ids = await CreateWorkSpacesAsync(new Uri(cloudUrl));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: {ids.Count} WorkSpaces available in the local cloud after {load.Elapsed.TotalSeconds:F1} s"));
            await SeedAsync(provider, data, postgres, ids);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{provider}: {ids.Count} ready workspace rows written after {load.Elapsed.TotalSeconds:F1} s"));

            var passes = new ConcurrentQueue<(int Examined, int Acted, int Failed, double Ms)>();
            using var api = StartForge(provider, data, postgres, cloudUrl, passes);
            try
            {
                var seen = 0;
                var deadline = TimeProvider.System.GetUtcNow() + TimeSpan.FromMinutes(5);
                var before = (Calls: 0, Rows: 0L, Versions: 0L);
                while (seen < Passes && TimeProvider.System.GetUtcNow() < deadline)
                {
                    if (passes.TryDequeue(out var pass))
                    {
                        seen++;
                        var (rows, versions) = await LifecycleRowsAsync(provider, data, postgres);
                        var connectionCalls = calls.GetValueOrDefault(ConnectionStatus);
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{provider}: pass {seen}: {pass.Examined} workstations examined in {pass.Ms:F0} ms; {connectionCalls - before.Calls} DescribeWorkspacesConnectionStatus calls "
                            + $"(⌈N/25⌉ = {(Workstations + 24) / 25}); lifecycle rows written: {rows - before.Rows} made, {versions - before.Versions} changed; "
                            + $"{pass.Acted} acted on, {pass.Failed} failed"));
                        before = (connectionCalls, rows, versions);
                        continue;
                    }

                    await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None);
                }

                if (seen < Passes)
                {
                    throw new InvalidOperationException($"Only {seen} lifecycle passes were logged in 5 minutes.");
                }

                return 0;
            }
            finally
            {
                api.Kill(entireProcessTree: true);
                await api.WaitForExitAsync();
            }
        }
        finally
        {
            await cloud.StopAsync();
            await cloud.DisposeAsync();
            SqliteConnection.ClearAllPools();
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>10 000 always-on WorkSpaces, 25 a CreateWorkspaces call, each tagged with the Forge id its row gets (so none is an orphan); their ids by Forge id once available.</summary>
    private static async Task<Dictionary<Guid, string>> CreateWorkSpacesAsync(Uri cloudUrl)
    {
        var options = new AwsOptions { ServiceUrl = cloudUrl, AccessKeyId = "forge-local", SecretAccessKey = "forge-local-secret" };
        options.Resilience.RequestsPerSecond["workspaces"] = 10_000;
        var client = new WorkSpacesClient(AwsClientFactory.Create(options, TimeProvider.System));
        var bundle = (await client.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" }, Region))
            .Bundles.First(b => b.Name == "Standard with Amazon Linux 2").BundleId!;
        var directory = SeedInventory.For(Region).DirectoryId;
        var forgeIds = Enumerable.Range(0, Workstations).Select(_ => Guid.CreateVersion7()).ToList();
        await Parallel.ForEachAsync(forgeIds.Chunk(WorkSpacesLimits.MaxBatchSize), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (batch, ct) =>
        {
            var result = await client.CreateWorkspacesAsync(new CreateWorkspacesRequest
            {
                Workspaces = [.. batch.Select(id => new WorkspaceRequest
                {
                    DirectoryId = directory, UserName = "bench-" + id.ToString("N")[..20], BundleId = bundle,
                    WorkspaceProperties = new WorkspaceProperties { RunningMode = RunningMode.AlwaysOn },
                    Tags = [new Tag { Key = Forge.Api.Cloud.AwsWorkspaceCloud.ForgeIdTag, Value = id.ToString() }],
                })],
            }, Region, ct);
            if (result.FailedRequests is { Count: > 0 } failed)
            {
                throw new InvalidOperationException($"CreateWorkspaces refused: {failed[0].ErrorCode} {failed[0].ErrorMessage}");
            }
        });

        var byUser = forgeIds.ToDictionary(id => "bench-" + id.ToString("N")[..20]);
        while (true)
        {
            var found = new Dictionary<Guid, string>();
            var available = 0;
            await foreach (var w in client.DescribeAllWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = directory }, Region))
            {
                if (w.UserName is { } user && byUser.TryGetValue(user, out var id))
                {
                    found[id] = w.WorkspaceId!;
                    available += w.State == WorkspaceState.Available ? 1 : 0;
                }
            }

            if (available == Workstations)
            {
                return found;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, CancellationToken.None);
        }
    }

    /// <summary>Migrates the database as Forge would, and writes one ready workspace row per WorkSpace, ready 10 minutes ago (no rule is due: the steady state).</summary>
    private static async Task SeedAsync(string provider, string data, string? postgres, Dictionary<Guid, string> ids)
    {
        await using var db = Context(provider, data, postgres);
        await db.Database.MigrateAsync();
        var now = StoredTime.Truncate(TimeProvider.System.GetUtcNow());
        var directory = SeedInventory.For(Region).DirectoryId;
        foreach (var batch in ids.Chunk(1_000))
        {
            db.Workspaces.AddRange(batch.Select(p => new Workspace
            {
                Id = p.Key,
                OwnerId = "bench-owner-" + p.Key.ToString("N")[..8],
                DirectoryUser = "bench-" + p.Key.ToString("N")[..20],
                Blueprint = "backend",
                OperatingSystem = "linux",
                BundleId = "Standard with Amazon Linux 2",
                Region = Region,
                RegionReason = "benchmark",
                DirectoryId = directory,
                Status = WorkspaceStatus.Ready,
                CloudWorkspaceId = p.Value,
                CloudState = WorkspaceState.Available,
                RequestedAt = now - TimeSpan.FromMinutes(30),
                ReadyAt = now - TimeSpan.FromMinutes(10),
                UpdatedAt = now - TimeSpan.FromMinutes(10),
            }));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
    }

    private static async Task<(long Rows, long Versions)> LifecycleRowsAsync(string provider, string data, string? postgres)
    {
        await using var db = Context(provider, data, postgres);
        var rows = await db.Set<WorkspaceLifecycle>().LongCountAsync();
        var versions = rows == 0 ? 0 : await db.Set<WorkspaceLifecycle>().SumAsync(l => (long)l.Version);
        return (rows, versions);
    }

    private static ForgeDbContext Context(string provider, string data, string? postgres) => provider == "postgres"
        ? new PostgresForgeDbContext(new DbContextOptionsBuilder<PostgresForgeDbContext>().UseNpgsql(postgres).Options)
        : new SqliteForgeDbContext(new DbContextOptionsBuilder<SqliteForgeDbContext>().UseSqlite($"Data Source={Path.Combine(data, "forge.db")};Default Timeout=30").Options);

    private static Process StartForge(string provider, string data, string? postgres, string cloudUrl,
        ConcurrentQueue<(int Examined, int Acted, int Failed, double Ms)> passes)
    {
        var apiFolder = ForgeProcess.ApiFolder;
        var args = new List<string>
        {
            Path.Combine(apiFolder, "Forge.Api.dll"), "--contentRoot", apiFolder, "--urls", $"http://127.0.0.1:{ForgeProcess.FreePort()}",
            "--Persistence:DataDirectory", data, "--EmbeddedLocalCloud:Enabled", "false", "--Aws:ServiceUrl", cloudUrl,
            "--Aws:AccessKeyId", "forge-local", "--Aws:SecretAccessKey", "forge-local-secret",
            "--Aws:Resilience:RequestsPerSecond:workspaces", "100000",
            // Only the lifecycle pass runs: no jobs, no sweep of the engine, no alerts.
            "--Jobs:Paused", "true", "--Workspaces:SweepPaused", "true", "--Alerts:Enabled", "false", "--Pools:Enabled", "false",
            "--Lifecycle:Paused", "false", "--Lifecycle:PassInterval", "00:00:20",
            "--Logging:LogLevel:Default", "Warning", "--Logging:LogLevel:Forge.Api.Lifecycle.LifecycleHost", "Debug",
            "--Logging:Console:FormatterName", "simple", "--Logging:Console:FormatterOptions:SingleLine", "true",
        };
        if (postgres is not null)
        {
            args.AddRange(["--Persistence:PostgresConnectionString", postgres]);
        }

        var api = Process.Start(new ProcessStartInfo("dotnet", args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        api.OutputDataReceived += (_, line) =>
        {
            if (line.Data is { } text && PassLog().Match(text) is { Success: true } m)
            {
                passes.Enqueue((Int(m.Groups[1].Value), Int(m.Groups[2].Value), Int(m.Groups[3].Value), double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)));
            }
            else if (line.Data is { } other && other.Contains("fail", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine("forge: " + other);
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

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    [System.Text.RegularExpressions.GeneratedRegex(@"Lifecycle pass: (\d+) examined, (\d+) acted on, (\d+) failed, ([\d.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex PassLog();
}
