using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// Warm pools in the portal. The owner of a workstation claimed from a pool sees how it was obtained and, only when
/// asking, the sign-in of its pool identity; nobody else gets the action. An admin reads each pool (members by tier,
/// targets and why, the day's hit rate and builds) and pauses, resumes, sets bounds and reserves capacity on it;
/// anyone else gets the portal's refusal. Every change is checked in the API.
/// </summary>
public sealed class PoolsPagesTests(ITestOutputHelper output) : PortalTestBase(output)
{
    private const string Pool = "backend/linux/us-east-1";

    [Fact]
    public async Task The_owner_of_a_pool_built_workstation_reveals_its_sign_in_only_on_asking_and_others_cannot()
    {
        var id = await ClaimFromPoolAsync();
        var alice = await ApiAsync("alice");
        var password = (await (await alice.PostAsync($"/api/v1/workspaces/{id}/sign-in", null)).Content.ReadFromJsonAsync<JsonElement>())
            .GetProperty("password").GetString()!;

        var page = await NewPageAsync();
        await SignInAsync(page, "alice", "Engineering", "developer");
        var shown = await page.GotoAsync($"/workspaces/{id}");
        await Expect(page.Locator("#provisioning-path")).ToContainTextAsync("claimed from the warm pool's");
        Assert.DoesNotContain(password, await shown!.TextAsync(), StringComparison.Ordinal);
        await Expect(page.Locator("#sign-in-password")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        var revealed = await page.RunAndWaitForResponseAsync(
            () => page.GetByRole(AriaRole.Button, new() { Name = "Show sign-in" }).ClickAsync(), r => r.Request.Method == "POST");
        Assert.Equal("no-store", await revealed.HeaderValueAsync("cache-control"));
        await Expect(page.Locator("#sign-in-password")).ToHaveTextAsync(password);
        var directoryUser = (await alice.GetWorkspaceAsync(id)).Connection.DirectoryUser;
        await Expect(page.Locator("#sign-in-user")).ToHaveTextAsync(directoryUser);
        await AssertAccessibleAsync(page);
        // Reading the page again shows it no more: the credential was in that one answer only.
        await page.GotoAsync($"/workspaces/{id}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Show sign-in" })).ToBeVisibleAsync();
        await Expect(page.Locator("#sign-in-password")).ToHaveCountAsync(0);

        // A team lead sees the workstation but not the action; the pools page is not for them.
        var lead = await NewPageAsync();
        await SignInAsync(lead, "lena", "Engineering", "developer", "team-lead");
        await lead.GotoAsync($"/workspaces/{id}");
        await Expect(lead.Locator("#provisioning-path")).ToContainTextAsync("claimed from the warm pool's");
        await Expect(lead.GetByRole(AriaRole.Button, new() { Name = "Show sign-in" })).ToHaveCountAsync(0);
        await lead.GotoAsync("/admin/pools");
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Not for your role" })).ToBeVisibleAsync();
        await Expect(lead.GetByRole(AriaRole.Link, new() { Name = "Pools" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task An_admin_reads_each_pool_and_pauses_resumes_bounds_and_reserves_it()
    {
        await ClaimFromPoolAsync();
        var api = await ApiAsync("root", [], ["admin"]);
        var page = await NewPageAsync();
        await SignInAsync(page, "root", "", "admin");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pools" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Warm pools" })).ToBeVisibleAsync();
        var pool = page.Locator($"section[data-pool='{Pool}']");
        await Expect(pool.GetByRole(AriaRole.Heading, new() { Name = "backend on linux in us-east-1" })).ToBeVisibleAsync();
        await Expect(pool.Locator("[data-fact='hit-rate']")).ToContainTextAsync("100.0 % of 1 request (0 running, 1 stopped, 0 built on demand)");
        await Expect(pool.Locator("[data-fact='targets']")).ToContainTextAsync("running");
        await Expect(pool.Locator("[data-fact='why']")).ToContainTextAsync("lead time");
        await Expect(pool.Locator("[data-fact='bounds']")).ToContainTextAsync("min 1, max 2 (configured)");
        await Expect(pool.Locator("[data-fact='builds']")).ToContainTextAsync("0 failed");
        await AssertAccessibleAsync(page);

        await pool.GetByRole(AriaRole.Button, new() { Name = $"Pause {Pool}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Pool {Pool} paused" })).ToBeVisibleAsync();
        await Expect(pool.Locator(".pool-state")).ToContainTextAsync("Paused: paused by root");
        Assert.True((await PoolAsync(api)).GetProperty("bounds").GetProperty("paused").GetBoolean());

        await pool.GetByLabel("Min").FillAsync("3");
        await pool.GetByLabel("Max").FillAsync("2");
        await pool.GetByRole(AriaRole.Button, new() { Name = $"Set bounds of {Pool}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "max: min (3) must not be above max (2)." })).ToBeVisibleAsync();
        await pool.GetByLabel("Min").FillAsync("2");
        await pool.GetByLabel("Max").FillAsync("4");
        await pool.GetByRole(AriaRole.Button, new() { Name = $"Set bounds of {Pool}" }).ClickAsync();
        await Expect(pool.Locator("[data-fact='bounds']")).ToContainTextAsync("min 2, max 4 (set by an admin)");
        var bounds = (await PoolAsync(api)).GetProperty("bounds");
        Assert.Equal((2, 4), (bounds.GetProperty("min").GetInt32(), bounds.GetProperty("max").GetInt32()));

        var at = Clock.GetUtcNow().AddDays(1);
        await pool.GetByLabel("At (UTC)").FillAsync(at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture));
        await pool.GetByLabel("Count").FillAsync("12");
        await pool.GetByLabel("Note").FillAsync("onboarding cohort");
        await pool.GetByRole(AriaRole.Button, new() { Name = $"Reserve in {Pool}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Reserved 12 workstations" })).ToBeVisibleAsync();
        var reservation = Assert.Single((await PoolAsync(api)).GetProperty("reservations").EnumerateArray());
        Assert.Equal(12, reservation.GetProperty("count").GetInt32());
        await Expect(pool.Locator($"tr[data-reservation='{reservation.GetProperty("id").GetString()}']")).ToContainTextAsync("onboarding cohort");
        await pool.GetByRole(AriaRole.Button, new() { Name = $"Resume {Pool}" }).ClickAsync();
        await Expect(pool.Locator(".pool-state")).ToContainTextAsync("Replenishing");
        Assert.False((await PoolAsync(api)).GetProperty("bounds").GetProperty("paused").GetBoolean());
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "pools");

        await pool.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Delete the reservation of 12") }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Reservation deleted from {Pool}." })).ToBeVisibleAsync();
        await Expect(pool.GetByText("No announced demand.")).ToBeVisibleAsync();
        Assert.Equal(0, (await PoolAsync(api)).GetProperty("reservations").GetArrayLength());
    }

    /// <summary>
    /// Starts the portal with one small pool (backend on linux in us-east-1, min 1, max 2), waits until a member rests in
    /// the stopped tier (with no demand yet the planner holds the floor stopped) and has alice claim it, ready.
    /// </summary>
    private async Task<Guid> ClaimFromPoolAsync()
    {
        StartPortal(new()
        {
            ["Pools:Enabled"] = "true",
            ["Pools:Regions:0"] = "us-east-1",
            ["Pools:backend:linux:Min"] = "1",
            ["Pools:backend:linux:Max"] = "2",
            ["Pools:backend:windows:Enabled"] = "false",
            ["Pools:frontend:linux:Enabled"] = "false",
        });
        var admin = await ApiAsync("root", [], ["admin"]);
        await DriveUntilAsync(async () => await PoolOrNullAsync(admin) is { } p ? IdleStopped(p) : 0, idle => idle >= 1);
        var alice = await ApiAsync("alice");
        var created = await alice.CreateWorkspaceAsync();
        Assert.StartsWith("pool-", created.ProvisioningPath, StringComparison.Ordinal);
        await DriveUntilAsync(() => alice.GetWorkspaceAsync(created.Id), w => w.Status == WorkspaceStatus.Ready);
        return created.Id;
    }

    private static int IdleStopped(JsonElement pool)
    {
        var members = pool.GetProperty("members");
        int Count(string tier) => members.GetProperty(tier).GetInt32();
        return Count("building") + Count("resuming") + Count("parking") > 0 ? 0 : Count("stopped");
    }

    private static async Task<JsonElement?> PoolOrNullAsync(HttpClient admin)
    {
        var pool = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/pools")).GetProperty("pools").EnumerateArray()
            .SingleOrDefault(p => p.GetProperty("pool").GetString() == Pool);
        return pool.ValueKind == JsonValueKind.Object ? pool : null;
    }

    private static async Task<JsonElement> PoolAsync(HttpClient admin) => await PoolOrNullAsync(admin) ?? throw new InvalidOperationException("no pool " + Pool);
}
