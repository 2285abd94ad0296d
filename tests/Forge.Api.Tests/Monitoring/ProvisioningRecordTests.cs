using System.Net;
using System.Net.Http.Json;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forge.Api.Tests.Monitoring;

/// <summary>
/// Real provisionings against the local cloud: each leaves exactly one record, written with its
/// status change, and the Prometheus measurements it implies (time to outcome with its labels, each
/// step, the SLA, in flight, the cloud calls per service and operation, throttled or not).
/// </summary>
public abstract class ProvisioningRecordTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_ready_workspace_leaves_one_record_and_its_measurements()
    {
        var app = StartForge();
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        // One throttled describe: retried by the pipeline, and counted as throttled.
        var fault = new { faults = new[] { new { service = "workspaces", operation = "DescribeWorkspaces", errorCode = "ThrottlingException", statusCode = 400, remaining = 1 } } };
        Assert.Equal(HttpStatusCode.OK, (await control.PutAsJsonAsync("/_localcloud/faults", fault)).StatusCode);
        var alice = await app.ClientForAsync("alice", teams: ["platform"]);
        var id = (await alice.CreateWorkspaceAsync(new { blueprint = "frontend", operatingSystem = "linux" })).Id;
        var monitoring = app.Services.GetServices<IHostedService>().OfType<MonitoringHost>().Single();
        Assert.Equal(1, await monitoring.SampleInFlightAsync(CancellationToken.None));
        // Read from this process's instruments: a scrape in a test process also sees the gauges of other tests' Forge processes.
        Assert.Equal([new InFlightCount("frontend", "us-east-1", 1)], app.Services.GetRequiredService<ProvisioningMetrics>().InFlightSample);

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        var record = Assert.Single(await RecordsAsync(app));
        Assert.Equal((id, "alice", "|platform|", ProvisioningOutcomes.Ready, "", "frontend", "linux", "us-east-1", ProvisioningPaths.OnDemand),
            (record.WorkspaceId, record.OwnerId, record.OwnerTeams, record.Outcome, record.FailureReason, record.Blueprint, record.OperatingSystem, record.Region, record.Path));
        Assert.Equal((ready.RequestedAt, ready.ReadyAt!.Value), (record.RequestedAt, record.FinishedAt));
        Assert.Equal((long)(ready.ReadyAt.Value - ready.RequestedAt).TotalMilliseconds, record.DurationMs);

        var scrape = await app.CreateClient().GetStringAsync("/metrics");
        var duration = Series(scrape, "forge_workspace_provisioning_duration_seconds_count");
        Assert.Contains(duration, l => l.Contains("blueprint=\"frontend\"", StringComparison.Ordinal) && l.Contains("os=\"linux\"", StringComparison.Ordinal)
            && l.Contains("path=\"on-demand\"", StringComparison.Ordinal) && l.Contains("outcome=\"ready\"", StringComparison.Ordinal));
        var steps = Series(scrape, "forge_workspace_provisioning_step_duration_seconds_count");
        foreach (var label in new[] { "create", "wait", "join", "hardening", "verify", "mount", "dotfiles", "secrets" })
        {
            Assert.Contains(steps, l => l.Contains($"step=\"{label}\"", StringComparison.Ordinal) && l.Contains("blueprint=\"frontend\"", StringComparison.Ordinal));
        }

        Assert.Contains(Series(scrape, "forge_workspace_provisioning_sla_total"), l => l.Contains("blueprint=\"frontend\"", StringComparison.Ordinal)
            && l.Contains(record.DurationMs <= 300_000 ? "result=\"met\"" : "result=\"missed\"", StringComparison.Ordinal));
        var attempts = Series(scrape, "resilience_polly_strategy_attempt_duration_milliseconds_count");
        Assert.Contains(attempts, l => l.Contains("pipeline_name=\"aws-workspaces\"", StringComparison.Ordinal)
            && l.Contains("operation_key=\"CreateWorkspaces\"", StringComparison.Ordinal) && l.Contains("aws_throttled=\"false\"", StringComparison.Ordinal));
        Assert.Contains(attempts, l => l.Contains("operation_key=\"DescribeWorkspaces\"", StringComparison.Ordinal) && l.Contains("aws_throttled=\"true\"", StringComparison.Ordinal));
        Assert.Contains(attempts, l => l.Contains("pipeline_name=\"aws-ssm\"", StringComparison.Ordinal) && l.Contains("operation_key=\"SendCommand\"", StringComparison.Ordinal));

        // The summary sees it at once (the default window includes this instant), to its owner's team lead.
        var lead = await app.ClientForAsync("lee", teams: ["platform"], roles: [Roles.TeamLead]);
        var summary = await lead.GetFromJsonAsync<ProvisioningSummary>("/api/v1/metrics/provisioning", ApiClient.Json);
        Assert.Equal((1L, record.DurationMs / 1000.0), (summary!.Count, summary.P99Seconds));
    }

    [Fact]
    public async Task A_failed_workspace_leaves_one_record_with_the_step_it_failed_in()
    {
        var app = StartForge();
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var blueprint = new { description = "Broken", operatingSystems = new Dictionary<string, object> { ["linux"] = new { defaultBundle = "wsb-doesnotexist1" } } };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/blueprints/broken", blueprint)).StatusCode);
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync(new { blueprint = "broken", operatingSystem = "linux" })).Id;

        var failed = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Failed, Step);

        var record = Assert.Single(await RecordsAsync(app));
        Assert.Equal((id, ProvisioningOutcomes.Failed, "create", "broken", failed.FailedAt!.Value),
            (record.WorkspaceId, record.Outcome, record.FailureReason, record.Blueprint, record.FinishedAt));
        var scrape = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains(Series(scrape, "forge_workspace_provisioning_finished_total"), l => l.Contains("outcome=\"failed\"", StringComparison.Ordinal)
            && l.Contains("reason=\"create\"", StringComparison.Ordinal) && l.Contains("blueprint=\"broken\"", StringComparison.Ordinal));
        Assert.Contains(Series(scrape, "forge_workspace_provisioning_sla_total"), l => l.Contains("result=\"missed\"", StringComparison.Ordinal)
            && l.Contains("blueprint=\"broken\"", StringComparison.Ordinal));

        // Deleting the workspace keeps its record: the figures of the past do not change.
        Assert.Equal(HttpStatusCode.Accepted, (await alice.DeleteAsync($"/api/v1/workspaces/{id}")).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Terminated, Step);
        Assert.Single(await RecordsAsync(app));
    }

    internal static List<string> Series(string scrape, string name) =>
        [.. scrape.Split('\n').Where(l => l.StartsWith(name + "{", StringComparison.Ordinal))];

    private static async Task<List<ProvisioningRecord>> RecordsAsync(ForgeApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Set<ProvisioningRecord>().AsNoTracking().ToListAsync();
    }
}

public sealed class ProvisioningRecordTestsOnSqlite : ProvisioningRecordTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ProvisioningRecordTestsOnPostgres : ProvisioningRecordTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
