extern alias localcloud;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Alerts;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using localcloud::Forge.LocalCloud;

namespace Forge.Api.Tests.Alerts;

/// <summary>
/// The SLO alerts end to end: real provisionings against the local cloud (builds of one minute, so a request is
/// ready well within the 5-minute target), then a fault that makes builds 8 minutes slower. The page fires once
/// through PagerDuty, Slack and SNS (checked at the local cloud's sinks), and resolves once when the fault is gone
/// and good requests come back; a steady good period fires nothing.
/// </summary>
public abstract class AlertDeliveryTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);
    private const string Topic = AlertTopic;
    private int _users;

    protected override void ConfigureLocalCloud(LocalCloudOptions options) => options.WorkspaceBuildTime = TimeSpan.FromMinutes(1);

    private Dictionary<string, string?> Channels() => new(NotificationChannelsOnLocalCloud()) { ["Alerts:Enabled"] = "true" };

    /// <summary>Requests <paramref name="count"/> workstations (one per new developer, so no quota is met) and drives the clock until every one is ready.</summary>
    private async Task<List<WorkspaceView>> ProvisionAsync(ForgeApp forge, int count)
    {
        var requests = new List<(HttpClient Client, Guid Id)>();
        for (var i = 0; i < count; i++)
        {
            var client = await forge.ClientForAsync($"dev{++_users}", teams: ["engineering"]);
            requests.Add((client, (await client.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem = "linux", region = "us-east-1" })).Id));
        }

        return await Eventually.UntilAsync(Clock,
            async () => (await Task.WhenAll(requests.Select(r => r.Client.GetWorkspaceAsync(r.Id)))).ToList(),
            all => all.All(w => w.Status == WorkspaceStatus.Ready), Step);
    }

    /// <summary>The JSON bodies the sink received, oldest first.</summary>
    private async Task<List<JsonElement>> SinkAsync(string sink) =>
        [.. (await WebhooksReceivedAsync(sink)).Select(w => JsonDocument.Parse(w.GetProperty("body").GetString()!).RootElement)];

    private async Task<List<JsonElement>> SnsAsync()
    {
        using var http = new HttpClient { BaseAddress = LocalCloudAddress };
        var page = await http.GetFromJsonAsync<JsonElement>($"_localcloud/sns/messages?topicArn={Topic}");
        return [.. page.GetProperty("messages").EnumerateArray()];
    }

    private async Task SetBuildDelayAsync(TimeSpan? delay)
    {
        using var http = new HttpClient { BaseAddress = LocalCloudAddress };
        object[] faults = delay is { } extra ? [new { service = "workspaces", operation = "CreateWorkspaces", buildDelay = extra }] : [];
        (await http.PutAsJsonAsync("_localcloud/faults", new { faults })).EnsureSuccessStatusCode();
    }

    private static async Task AdvanceAsync(SettlingClock clock, TimeSpan by, TimeSpan step)
    {
        for (var moved = TimeSpan.Zero; moved < by; moved += step)
        {
            clock.Advance(step);
            await clock.SettleAsync();
        }
    }

    private static List<string> SlackTexts(List<JsonElement> slack) => [.. slack.Select(s => s.GetProperty("text").GetString()!)];

    [Fact]
    public async Task Slow_builds_page_once_on_every_channel_and_resolve_once_when_they_are_fast_again()
    {
        var forge = StartForge(Channels());
        var admin = await forge.ClientForAsync("ada", roles: [Roles.Admin]);

        // A steady good period: every request ready within the target, nothing fires.
        for (var round = 0; round < 3; round++)
        {
            var ready = await ProvisionAsync(forge, 3);
            Assert.All(ready, w => Assert.True(w.ReadyAt - w.RequestedAt < TimeSpan.FromMinutes(5), $"ready after {w.ReadyAt - w.RequestedAt}"));
            await AdvanceAsync(Clock, TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(1));
        }

        var calm = await admin.GetFromJsonAsync<AlertsPage>("/api/v1/alerts", ApiClient.Json);
        Assert.Empty(calm!.Active);
        Assert.Empty(calm.Recent);
        Assert.All(calm.Current, rule => Assert.False(rule.Holds));
        Assert.Empty(await SinkAsync("pagerduty"));
        Assert.Empty(await SinkAsync("slack"));
        Assert.Empty(await SnsAsync());

        // Builds 8 minutes slower: four requests miss the 5-minute target.
        await SetBuildDelayAsync(TimeSpan.FromMinutes(8));
        var slow = await ProvisionAsync(forge, 4);
        Assert.All(slow, w => Assert.True(w.ReadyAt - w.RequestedAt > TimeSpan.FromMinutes(5)));
        var burning = await admin.GetFromJsonAsync<AlertsPage>("/api/v1/alerts", ApiClient.Json);
        var page = Assert.Single(burning!.Active, a => a.Rule == AlertRules.SloPage);
        Assert.Equal(("backend/us-east-1", AlertRules.Page), (page.Scope, page.Severity));
        Assert.Contains("missed the target", page.Summary, StringComparison.Ordinal);
        Assert.Contains(page.FiredWith, w => w.Window == "1h" && w.Bad >= 3 && w.BurnRate >= 14.4);
        Assert.True(page.FiredAt - slow.Min(w => w.RequestedAt) < TimeSpan.FromMinutes(8), "the page fires while the slow requests are still building");

        var pagerDuty = await Eventually.UntilAsync(Clock, () => SinkAsync("pagerduty"), p => p.Count >= 1, Step);
        var trigger = Assert.Single(pagerDuty);
        Assert.Equal(("trigger", page.DedupKey, "test-routing-key"),
            (trigger.GetProperty("event_action").GetString(), trigger.GetProperty("dedup_key").GetString(), trigger.GetProperty("routing_key").GetString()));
        Assert.Equal("critical", trigger.GetProperty("payload").GetProperty("severity").GetString());
        Assert.Single(SlackTexts(await SinkAsync("slack")), t => t.Contains("PAGE: slo-page for backend/us-east-1", StringComparison.Ordinal));
        Assert.Single(await SnsAsync(), m => m.GetProperty("subject").GetString() == "PAGE: slo-page for backend/us-east-1");
        Assert.All(page.Deliveries.Where(d => d.Kind == "trigger"), d => Assert.Equal("delivered", d.State));
        Assert.Equal(["pagerduty", "slack", "sns"], page.Deliveries.Select(d => d.Channel).Order(StringComparer.Ordinal));

        // The fault clears and good requests come back: the page resolves once.
        await SetBuildDelayAsync(null);
        await ProvisionAsync(forge, 3);
        var resolved = await Eventually.UntilAsync(Clock, () => admin.GetFromJsonAsync<AlertsPage>("/api/v1/alerts", ApiClient.Json),
            p => p!.Recent.Any(a => a.Id == page.Id), TimeSpan.FromMinutes(1));
        Assert.DoesNotContain(resolved!.Active, a => a.Rule == AlertRules.SloPage);
        await AdvanceAsync(Clock, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(1));

        pagerDuty = await SinkAsync("pagerduty");
        Assert.Equal(["trigger", "resolve"], pagerDuty.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(pagerDuty, e => Assert.Equal(page.DedupKey, e.GetProperty("dedup_key").GetString()));
        var slack = SlackTexts(await SinkAsync("slack"));
        Assert.Single(slack, t => t.Contains("PAGE: slo-page", StringComparison.Ordinal));
        Assert.Single(slack, t => t.Contains("Resolved: slo-page for backend/us-east-1", StringComparison.Ordinal));
        var sns = await SnsAsync();
        Assert.Single(sns, m => m.GetProperty("subject").GetString() == "PAGE: slo-page for backend/us-east-1");
        Assert.Single(sns, m => m.GetProperty("subject").GetString() == "Resolved: slo-page for backend/us-east-1");
    }

    [Fact]
    public async Task Alerts_are_for_admins()
    {
        var forge = StartForge(Channels());
        foreach (var caller in new[] { await forge.ClientForAsync("dev"), await forge.ClientForAsync("lead", teams: ["engineering"], roles: [Roles.TeamLead]) })
        {
            using var refused = await caller.GetAsync("/api/v1/alerts");
            Assert.Equal(System.Net.HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }
}

public sealed class AlertDeliveryTestsOnSqlite : AlertDeliveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class AlertDeliveryTestsOnPostgres : AlertDeliveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
