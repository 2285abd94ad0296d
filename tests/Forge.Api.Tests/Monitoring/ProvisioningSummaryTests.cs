using System.Net;
using System.Net.Http.Json;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Monitoring;

/// <summary>
/// <c>GET /api/v1/metrics/provisioning</c> over HTTP on both databases: its figures against a
/// brute-force computation over the same stored records (known durations, ties, failures, the
/// window's edges), who may ask for what, and the parameters it refuses.
/// </summary>
public abstract class ProvisioningSummaryTests : ForgeTestBase
{
    private static readonly TimeSpan Sla = TimeSpan.FromMinutes(5);
    private static readonly string[] Blueprints = ["backend", "frontend", "data"];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1"];
    private static readonly string[] Teams = ["platform", "payments", "search"];

    private DateTimeOffset To => Clock.GetUtcNow();

    private DateTimeOffset From => To - TimeSpan.FromDays(3);

    [Fact]
    public async Task The_figures_equal_a_brute_force_computation_over_the_same_requests()
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var records = Generate(new Random(12), 600);
        await SeedAsync(app, records);
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);

        foreach (var (query, filter) in new (string, Func<ProvisioningRecord, bool>)[]
        {
            ("", _ => true),
            ("&blueprint=frontend", r => r.Blueprint == "frontend"),
            ("&region=eu-west-1&blueprint=data", r => r.Region == "eu-west-1" && r.Blueprint == "data"),
            ("&path=pool-running", r => r.Path == ProvisioningPaths.PoolRunning),
        })
        {
            var summary = await GetAsync(admin, $"?from={Iso(From)}&to={Iso(To)}&bucket=6h{query}");
            AssertEqual(BruteForce(records.Where(filter), From, To, TimeSpan.FromHours(6)), summary);
        }
    }

    [Fact]
    public async Task An_empty_window_one_request_and_all_ties_give_what_nearest_rank_says()
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var at = From + TimeSpan.FromHours(1);
        List<ProvisioningRecord> records =
        [
            Record(at, TimeSpan.FromSeconds(200), ProvisioningOutcomes.Ready, blueprint: "single"),
            .. Enumerable.Range(0, 7).Select(i => Record(at + TimeSpan.FromSeconds(i), TimeSpan.FromSeconds(301), ProvisioningOutcomes.Ready, blueprint: "ties")),
            Record(at, TimeSpan.FromSeconds(10), ProvisioningOutcomes.Failed, blueprint: "failed-only"),
        ];
        await SeedAsync(app, records);
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);

        var empty = await GetAsync(admin, $"?from={Iso(To - TimeSpan.FromHours(2))}&to={Iso(To)}&bucket=1h");
        Assert.Equal((0L, (double?)null, (double?)null, (double?)null, (double?)null), (empty.Count, empty.SuccessRate, empty.SlaCompliance, empty.P99Seconds, empty.MaxSeconds));
        Assert.Equal(2, empty.Series.Count);
        Assert.All(empty.Series, b => Assert.Equal(0, b.Count));

        var single = await GetAsync(admin, $"?from={Iso(From)}&to={Iso(To)}&blueprint=single");
        Assert.Equal((1L, 200.0, 200.0, 200.0, 200.0, 1.0), (single.Count, single.P50Seconds!.Value, single.P95Seconds!.Value, single.P99Seconds!.Value, single.MaxSeconds!.Value, single.SlaCompliance!.Value));

        var ties = await GetAsync(admin, $"?from={Iso(From)}&to={Iso(To)}&blueprint=ties");
        Assert.Equal((7L, 301.0, 301.0, 301.0, 0.0), (ties.Count, ties.P50Seconds!.Value, ties.P99Seconds!.Value, ties.MaxSeconds!.Value, ties.SlaCompliance!.Value));

        // A failure counts against the success rate and the SLA but has no time to ready: no percentile.
        var failed = await GetAsync(admin, $"?from={Iso(From)}&to={Iso(To)}&blueprint=failed-only");
        Assert.Equal((1L, 1L, 0.0, 0.0, (double?)null), (failed.Count, failed.Failed, failed.SuccessRate!.Value, failed.SlaCompliance!.Value, failed.P50Seconds));
    }

    [Fact]
    public async Task Admins_see_every_record_team_leads_their_teams_and_their_own_and_developers_are_refused()
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var records = Generate(new Random(5), 200);
        await SeedAsync(app, records);
        var window = $"?from={Iso(From)}&to={Iso(To)}&bucket=1d";

        var admin = await GetAsync(await app.ClientForAsync("ada", roles: [Roles.Admin]), window);
        Assert.Equal(records.Count(r => r.FinishedAt >= From && r.FinishedAt < To), admin.Count);

        var lead = await GetAsync(await app.ClientForAsync("owner-1", teams: ["payments"], roles: [Roles.TeamLead]), window);
        AssertEqual(BruteForce(records.Where(r => r.OwnerId == "owner-1" || r.OwnerTeams.Contains("|payments|", StringComparison.Ordinal)),
            From, To, TimeSpan.FromDays(1)), lead);
        Assert.True(lead.Count > 0 && lead.Count < admin.Count);

        // Team names are matched whole and by case: "Pay" is not "payments".
        var other = await GetAsync(await app.ClientForAsync("nobody", teams: ["Pay", "PAYMENTS"], roles: [Roles.TeamLead]), window);
        Assert.Equal(0, other.Count);

        var developer = await app.ClientForAsync("owner-1", teams: ["payments"], roles: [Roles.Developer]);
        var refused = await developer.GetAsync("/api/v1/metrics/provisioning" + window);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/metrics/provisioning")).StatusCode);
    }

    [Theory]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026-13-01T00:00:00Z", "to")]
    [InlineData("?from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from")]
    [InlineData("?bucket=abc", "bucket")]
    [InlineData("?bucket=0s", "bucket")]
    [InlineData("?bucket=-1h", "bucket")]
    [InlineData("?bucket=00:00:00.5", "bucket")]
    [InlineData("?from=2026-01-01T00:00:00Z&to=2026-03-01T00:00:00Z&bucket=1m", "bucket")]
    [InlineData("?path=teleported", "path")]
    public async Task Bad_parameters_are_a_400_problem_naming_the_parameter(string query, string parameter)
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);

        var response = await admin.GetAsync("/api/v1/metrics/provisioning" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    /// <summary>Records with known durations spread over the window and just outside it, with ties, failures and every path.</summary>
    private List<ProvisioningRecord> Generate(Random random, int count)
    {
        var records = new List<ProvisioningRecord>();
        for (var i = 0; i < count; i++)
        {
            // Durations in whole seconds from a small range make ties common; some land exactly on the SLA.
            var duration = i % 17 == 0 ? Sla : TimeSpan.FromSeconds(random.Next(60, 700));
            var finished = From + TimeSpan.FromMilliseconds(random.NextInt64((long)(To - From).TotalMilliseconds));
            records.Add(Record(finished, duration, random.NextDouble() < 0.12 ? ProvisioningOutcomes.Failed : ProvisioningOutcomes.Ready,
                Blueprints[random.Next(Blueprints.Length)], Regions[random.Next(Regions.Length)], ProvisioningPaths.All[random.Next(ProvisioningPaths.All.Count)],
                owner: $"owner-{random.Next(6)}", teams: [.. Teams.Where(_ => random.NextDouble() < 0.4)]));
        }

        // The edges: from is in the window, to is not, and neither is anything before from.
        records.Add(Record(From, TimeSpan.FromSeconds(61), ProvisioningOutcomes.Ready, "backend", "us-east-1", ProvisioningPaths.OnDemand, "owner-1", ["payments"]));
        records.Add(Record(To, TimeSpan.FromSeconds(62), ProvisioningOutcomes.Ready, "backend", "us-east-1", ProvisioningPaths.OnDemand, "owner-1", ["payments"]));
        records.Add(Record(From - TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(63), ProvisioningOutcomes.Ready, "backend", "us-east-1", ProvisioningPaths.OnDemand, "owner-1", []));
        return records;
    }

    private static ProvisioningRecord Record(DateTimeOffset finished, TimeSpan duration, string outcome, string blueprint = "backend", string region = "us-east-1",
        string path = ProvisioningPaths.OnDemand, string owner = "owner-0", string[]? teams = null) => new()
    {
        WorkspaceId = Guid.NewGuid(),
        OwnerId = owner,
        OwnerTeams = ProvisioningRecord.JoinTeams(teams ?? []),
        RequestedAt = finished - duration,
        FinishedAt = finished,
        DurationMs = (long)duration.TotalMilliseconds,
        Outcome = outcome,
        FailureReason = outcome == ProvisioningOutcomes.Failed ? "join" : "",
        Blueprint = blueprint,
        OperatingSystem = "linux",
        Region = region,
        Path = path,
    };

    private static async Task SeedAsync(ForgeApp app, IEnumerable<ProvisioningRecord> records)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        db.AddRange(records);
        await db.SaveChangesAsync();
    }

    private static async Task<ProvisioningSummary> GetAsync(HttpClient client, string query)
    {
        var response = await client.GetAsync("/api/v1/metrics/provisioning" + query);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ProvisioningSummary>(ApiClient.Json))!;
    }

    private static string Iso(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>The figures the slow, obvious way: filter, sort, index at ⌈p·N/100⌉.</summary>
    private static ProvisioningSummary BruteForce(IEnumerable<ProvisioningRecord> all, DateTimeOffset from, DateTimeOffset to, TimeSpan bucket)
    {
        var inWindow = all.Where(r => r.FinishedAt >= from && r.FinishedAt < to).ToList();
        var ready = inWindow.Where(r => r.Outcome == ProvisioningOutcomes.Ready).Select(r => r.DurationMs / 1000.0).OrderBy(d => d).ToList();
        static double? PercentileOf(List<double> sorted, int p) => sorted.Count == 0 ? null : sorted[(int)Math.Ceiling(p * sorted.Count / 100m) - 1];
        double? Percentile(int p) => PercentileOf(ready, p);
        long Within(IEnumerable<ProvisioningRecord> rs) => rs.Count(r => r.Outcome == ProvisioningOutcomes.Ready && r.DurationMs <= Sla.TotalMilliseconds);
        var series = new List<ProvisioningBucket>();
        for (var start = from; start < to; start += bucket)
        {
            var b = inWindow.Where(r => r.FinishedAt >= start && r.FinishedAt < start + bucket).ToList();
            var bReady = b.Count(r => r.Outcome == ProvisioningOutcomes.Ready);
            var bSorted = b.Where(r => r.Outcome == ProvisioningOutcomes.Ready).Select(r => r.DurationMs / 1000.0).OrderBy(d => d).ToList();
            series.Add(new ProvisioningBucket(start, b.Count, bReady, b.Count - bReady, Within(b), b.Count == 0 ? null : (double)bReady / b.Count,
                b.Count == 0 ? null : (double)Within(b) / b.Count, PercentileOf(bSorted, 50), PercentileOf(bSorted, 95), PercentileOf(bSorted, 99),
                bReady == 0 ? null : bSorted[^1]));
        }

        return new ProvisioningSummary(from, to, Sla.TotalSeconds, bucket.TotalSeconds, inWindow.Count, ready.Count, inWindow.Count - ready.Count, Within(inWindow),
            inWindow.Count == 0 ? null : (double)ready.Count / inWindow.Count, inWindow.Count == 0 ? null : (double)Within(inWindow) / inWindow.Count,
            Percentile(50), Percentile(95), Percentile(99), ready.Count == 0 ? null : ready[^1], series);
    }

    private static void AssertEqual(ProvisioningSummary expected, ProvisioningSummary actual)
    {
        Assert.Equal(expected with { Series = [] }, actual with { Series = [] });
        Assert.Equal(expected.Series, actual.Series);
    }
}

public sealed class ProvisioningSummaryTestsOnSqlite : ProvisioningSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ProvisioningSummaryTestsOnPostgres : ProvisioningSummaryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
