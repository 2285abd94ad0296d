using Forge.Api.Alerts;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Alerts;

/// <summary>
/// The evaluator keeps the SLA events in memory and reads only what finished since its last read; every rule must see
/// exactly what it would see over all the stored requests read afresh (the brute force here), on both databases, with
/// records committed late, windows' edges, and events leaving the window.
/// </summary>
public abstract class AlertEvaluatorLoadTests : ForgeTestBase
{
    [Fact]
    public async Task The_aggregated_read_gives_every_rule_the_same_windows_as_the_requests_one_by_one()
    {
        var forge = StartForge(new() { ["Jobs:Paused"] = "true", ["Alerts:Enabled"] = "false" });
        var now = Clock.GetUtcNow();
        var sla = new SlaOptions();
        var options = new AlertOptions();
        var random = new Random(17);
        var records = new List<ProvisioningRecord>();
        string[] blueprints = ["backend", "frontend", "data"];
        string[] regions = ["us-east-1", "eu-west-1"];
        for (var i = 0; i < 3000; i++)
        {
            var duration = TimeSpan.FromSeconds(random.Next(30, 900));
            var finished = now - TimeSpan.FromSeconds(random.Next(0, 4 * 24 * 3600));
            records.Add(Record(finished, duration, random.NextDouble() < 0.1, blueprints[random.Next(3)], regions[random.Next(2)]));
        }

        // On the edges: decided exactly one window ago (outside it), and a microsecond later (inside).
        foreach (var window in AlertPlanner.BurnRateWindows.Append(options.FailureRateWindow))
        {
            records.Add(Record(now - window, TimeSpan.FromMinutes(2), failed: false, "edge", "us-east-1"));
            records.Add(Record(now - window + TimeSpan.FromMicroseconds(1), TimeSpan.FromMinutes(2), failed: true, "edge", "us-east-1"));
            // A miss decided exactly at the edge: finished 3 minutes after the target passed.
            records.Add(Record(now - window + TimeSpan.FromMinutes(3), TimeSpan.FromMinutes(8), failed: false, "edge", "us-east-1"));
        }

        var cache = new SlaEventCache(Microsoft.Extensions.Options.Options.Create(sla));
        var firstRead = now - TimeSpan.FromMinutes(2);
        await SeedAsync(forge, records.Where(r => r.FinishedAt <= now - TimeSpan.FromMinutes(5)));
        await EventsAsync(forge, cache, firstRead);
        // The rest commits after that read: some finished before it (committed late), the rest after it.
        var rest = records.Where(r => r.FinishedAt > now - TimeSpan.FromMinutes(5)).ToList();
        Assert.Contains(rest, r => r.FinishedAt < firstRead);
        await SeedAsync(forge, rest);
        var aggregated = await EventsAsync(forge, cache, now);
        // An hour later, more finished and some left the window.
        var later = now + TimeSpan.FromHours(1);
        var more = Enumerable.Range(0, 50).Select(i => Record(later - TimeSpan.FromSeconds(i * 60), TimeSpan.FromMinutes(i % 9), i % 7 == 0, "backend", "us-east-1")).ToList();
        await SeedAsync(forge, more);
        var afterAnHour = await EventsAsync(forge, cache, later);

        AssertSameWindows(Decided(records, sla), aggregated, now, options, sla);
        AssertSameWindows(Decided([.. records, .. more], sla), afterAnHour, later, options, sla);
        Assert.True(afterAnHour.Count < records.Count + more.Count, "events that left the window are dropped");
    }

    private static async Task SeedAsync(ForgeApp forge, IEnumerable<ProvisioningRecord> records)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        db.AddRange(records);
        await db.SaveChangesAsync();
    }

    private static async Task<List<SlaEvent>> EventsAsync(ForgeApp forge, SlaEventCache cache, DateTimeOffset now)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        return await cache.EventsAsync(scope.ServiceProvider.GetRequiredService<ForgeDbContext>(), now, CancellationToken.None);
    }

    private static List<SlaEvent> Decided(List<ProvisioningRecord> records, SlaOptions sla) => records.Select(r =>
        {
            var good = r.Outcome == ProvisioningOutcomes.Ready && r.DurationMs <= sla.Target.TotalMilliseconds;
            var decided = r.DurationMs > sla.Target.TotalMilliseconds ? r.RequestedAt + sla.Target : r.FinishedAt;
            return new SlaEvent(decided, r.FinishedAt, good, r.Outcome == ProvisioningOutcomes.Failed, r.Blueprint, r.Region);
        }).ToList();

    private static void AssertSameWindows(List<SlaEvent> bruteForce, List<SlaEvent> aggregated, DateTimeOffset now, AlertOptions options, SlaOptions sla)
    {
        foreach (var rule in new[] { AlertRules.SloPage, AlertRules.SloTicket, AlertRules.FailureRate })
        {
            foreach (var scope in bruteForce.Select(e => $"{e.Blueprint}/{e.Region}").Distinct().Append(AlertRules.Overall))
            {
                bool InScope(SlaEvent e) => scope == AlertRules.Overall || $"{e.Blueprint}/{e.Region}" == scope;
                var expected = AlertPlanner.Evaluate(rule, scope, [.. bruteForce.Where(InScope)], now, options, sla.Objective);
                var actual = AlertPlanner.Evaluate(rule, scope, [.. aggregated.Where(InScope)], now, options, sla.Objective);
                Assert.Equal(expected.Windows, actual.Windows);
                Assert.Equal(expected.Holds, actual.Holds);
            }
        }
    }

    private static ProvisioningRecord Record(DateTimeOffset finished, TimeSpan duration, bool failed, string blueprint, string region) => new()
    {
        WorkspaceId = Guid.NewGuid(), OwnerId = "owner", OwnerTeams = "|", RequestedAt = finished - duration, FinishedAt = finished,
        DurationMs = (long)duration.TotalMilliseconds, Outcome = failed ? ProvisioningOutcomes.Failed : ProvisioningOutcomes.Ready,
        FailureReason = failed ? "join" : "", Blueprint = blueprint, OperatingSystem = "linux", Region = region, Path = ProvisioningPaths.OnDemand,
    };
}

public sealed class AlertEvaluatorLoadTestsOnSqlite : AlertEvaluatorLoadTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AlertEvaluatorLoadTestsOnPostgres : AlertEvaluatorLoadTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
