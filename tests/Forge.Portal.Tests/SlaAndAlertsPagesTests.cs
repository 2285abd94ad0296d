using System.Globalization;
using System.Net.Http.Json;
using Forge.Api.Alerts;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// The SLA and alerts pages: after real provisionings an admin sees the count and percentiles the API gives and the
/// charts with their labels; after requests that missed the SLA, the alert the evaluator fired with its deliveries, as
/// the API lists them; a developer is turned away from both.
/// </summary>
public sealed class SlaAndAlertsPagesTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task An_admin_reads_the_SLA_figures_and_charts_and_the_firing_alert_and_a_developer_is_turned_away()
    {
        StartPortal(new() { ["Alerts:Enabled"] = "true" });
        var alice = await ApiAsync("alice");
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await alice.CreateWorkspaceAsync()).Id);
        }

        foreach (var id in ids)
        {
            await DriveUntilAsync(() => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready);
        }

        var adminApi = await ApiAsync("root", [], ["admin"]);
        var from = Clock.GetUtcNow() - TimeSpan.FromHours(24);
        var expected = (await adminApi.GetFromJsonAsync<ProvisioningSummary>(
            $"/api/v1/metrics/provisioning?from={Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture))}&bucket=1h", ApiClient.Json))!;
        Assert.Equal(3, expected.Count);

        var admin = await NewPageAsync();
        await SignInAsync(admin, "root", "", "admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "SLA", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Provisioning SLA" })).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-figure=count]")).ToHaveTextAsync("3");
        await Expect(admin.Locator("[data-figure=sla-compliance]")).ToHaveTextAsync(Percent(expected.SlaCompliance!.Value));
        await Expect(admin.Locator("[data-figure=p50]")).ToHaveTextAsync(Seconds(expected.P50Seconds!.Value));
        await Expect(admin.Locator("[data-figure=p95]")).ToHaveTextAsync(Seconds(expected.P95Seconds!.Value));
        await Expect(admin.Locator("[data-figure=p99]")).ToHaveTextAsync(Seconds(expected.P99Seconds!.Value));
        await Expect(admin.Locator("[data-figure=max]")).ToHaveTextAsync(Seconds(expected.MaxSeconds!.Value));
        var chart = admin.GetByRole(AriaRole.Img, new() { Name = "Time to ready per bucket: p50, p95 and p99, in seconds" });
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart.Locator(".chart-label")).ToHaveTextAsync(["p50", "p95", "p99"], new() { UseInnerText = false });
        await Expect(chart.GetByText("Time to ready (s)")).ToHaveCountAsync(1);
        await Expect(admin.GetByRole(AriaRole.Img, new() { Name = "SLA compliance per bucket, in percent" }).GetByText("SLA compliance (%)")).ToHaveCountAsync(1);
        var buckets = expected.Series.Where(b => b.Count > 0).ToList();
        await Expect(admin.Locator("tr[data-bucket]")).ToHaveCountAsync(buckets.Count);
        await Expect(admin.Locator("tr[data-bucket]").First).ToContainTextAsync(Seconds(buckets[0].P95Seconds!.Value));
        await AssertAccessibleAsync(admin);
        await ScreenshotAsync(admin, "sla");
        await admin.GetByLabel("Window").SelectOptionAsync("7d");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Show" }).ClickAsync();
        await Expect(admin.GetByText("buckets of 6 h")).ToBeVisibleAsync();
        await Expect(admin.Locator("[data-figure=count]")).ToHaveTextAsync("3");

        // Five requests that took 6 minutes, finished a moment ago: the SLO burns far beyond 14.4x over 5 minutes and 1 hour, and
        // the page alert fires for their series (whatever the local cloud's own builds above did).
        await SeedMissesAsync(5);
        var alerts = await DriveUntilAsync(() => adminApi.GetFromJsonAsync<AlertsPage>("/api/v1/alerts", ApiClient.Json),
            p => p!.Active.Any(a => a.Rule == AlertRules.SloPage && a.LatestWith.Any(w => w.Bad >= 5)));
        var alert = alerts!.Active.First(a => a.Rule == AlertRules.SloPage && a.LatestWith.Any(w => w.Bad >= 5));
        await admin.GetByRole(AriaRole.Link, new() { Name = "Alerts", Exact = true }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Alerts", Exact = true })).ToBeVisibleAsync();
        var row = admin.Locator($"tr[data-alert='{alert.Id}']");
        await Expect(row).ToContainTextAsync(alert.Rule);
        await Expect(row).ToContainTextAsync(alert.Scope);
        await Expect(row).ToContainTextAsync(alert.Severity);
        await Expect(row).ToContainTextAsync(alert.Summary);
        await Expect(row.Locator("li[data-channel]")).ToHaveCountAsync(alert.Deliveries.Count);
        foreach (var delivery in alert.Deliveries)
        {
            await Expect(row.Locator($"li[data-channel='{delivery.Channel}']")).ToContainTextAsync($"{delivery.Channel} {delivery.Kind}: {delivery.State}");
        }

        await Expect(admin.Locator($"tr[data-rule='{AlertRules.SloPage}']")).ToContainTextAsync("Holds");
        await Expect(admin.Locator($"tr[data-rule='{AlertRules.SloPage}']")).ToContainTextAsync("5m:");
        // The stuck alerts of the slow builds above resolve once they are ready: listed as recent, with their resolution time.
        foreach (var recent in alerts.Recent)
        {
            await Expect(admin.Locator($"tr[data-alert='{recent.Id}']")).ToContainTextAsync(recent.ResolvedAt!.Value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        }

        await AssertAccessibleAsync(admin);
        await ScreenshotAsync(admin, "alerts");

        var developer = await NewPageAsync();
        await SignInAsync(developer, "dev", "Engineering", "developer");
        await Expect(developer.GetByRole(AriaRole.Link, new() { Name = "SLA", Exact = true })).ToHaveCountAsync(0);
        foreach (var path in new[] { "/sla", "/admin/alerts" })
        {
            await developer.GotoAsync(path);
            await Expect(developer.GetByRole(AriaRole.Heading, new() { Name = "Not for your role" })).ToBeVisibleAsync();
        }
    }

    private async Task SeedMissesAsync(int count)
    {
        await using var scope = Forge.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var finished = Clock.GetUtcNow() - TimeSpan.FromSeconds(30);
        var duration = TimeSpan.FromMinutes(6);
        for (var i = 0; i < count; i++)
        {
            db.Add(new ProvisioningRecord
            {
                WorkspaceId = Guid.NewGuid(),
                OwnerId = "bob",
                OwnerTeams = ProvisioningRecord.JoinTeams(["Engineering"]),
                RequestedAt = finished - duration,
                FinishedAt = finished,
                DurationMs = (long)duration.TotalMilliseconds,
                Outcome = ProvisioningOutcomes.Ready,
                FailureReason = "",
                Blueprint = "backend",
                OperatingSystem = "linux",
                Region = "us-east-1",
                Path = ProvisioningPaths.OnDemand,
            });
        }

        await db.SaveChangesAsync();
    }

    private static string Seconds(double value) => value.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    private static string Percent(double ratio) => (ratio * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";
}
