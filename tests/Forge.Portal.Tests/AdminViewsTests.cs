using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// What team leads and admins see: a team lead their teams' workstations and nobody else's; an admin every
/// workstation, in pages of 20 with status and owner filters, and the audit log with its filters and paging.
/// </summary>
public sealed class AdminViewsTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_team_lead_sees_the_teams_workstations_and_an_admin_pages_and_filters_all_and_reads_the_audit_log()
    {
        StartPortal(new() { ["Workspaces:MaxLiveWorkspacesPerUser"] = "25" });
        var alice = (await (await ApiAsync("alice", ["Engineering"])).CreateWorkspaceAsync()).Id;
        var carol = (await (await ApiAsync("carol", ["Engineering"])).CreateWorkspaceAsync()).Id;
        var dave = (await (await ApiAsync("dave", ["Platform"])).CreateWorkspaceAsync()).Id;
        var erin = await ApiAsync("erin", ["Platform"]);
        for (var i = 0; i < 20; i++)
        {
            await erin.CreateWorkspaceAsync();
        }

        await Clock.SettleAsync();

        var lead = await NewPageAsync();
        await SignInAsync(lead, "lena", "Engineering", "developer", "team-lead");
        await lead.GetByRole(AriaRole.Link, new() { Name = "Team" }).ClickAsync();
        await Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Your team's workstations" })).ToBeVisibleAsync();
        await Expect(lead.Locator("tr[data-workspace]")).ToHaveCountAsync(2);
        await Expect(lead.Locator($"tr[data-workspace='{alice}']")).ToContainTextAsync("alice");
        await Expect(lead.Locator($"tr[data-workspace='{carol}']")).ToContainTextAsync("carol");
        await AssertAccessibleAsync(lead);
        Assert.Equal(404, (await lead.GotoAsync($"/workspaces/{dave}"))!.Status);

        var admin = await NewPageAsync();
        await SignInAsync(admin, "root", "", "admin");
        await admin.GetByRole(AriaRole.Link, new() { Name = "All workstations" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "All workstations" })).ToBeVisibleAsync();
        await Expect(admin.Locator("tr[data-workspace]")).ToHaveCountAsync(20);
        await AssertAccessibleAsync(admin);
        await ScreenshotAsync(admin, "admin-workstations");
        await admin.GetByRole(AriaRole.Link, new() { Name = "Next page" }).ClickAsync();
        await Expect(admin.Locator("tr[data-workspace]")).ToHaveCountAsync(3);
        await Expect(admin.GetByRole(AriaRole.Link, new() { Name = "Next page" })).ToHaveCountAsync(0);
        await admin.GetByRole(AriaRole.Link, new() { Name = "First page" }).ClickAsync();
        await Expect(admin.Locator("tr[data-workspace]")).ToHaveCountAsync(20);

        await admin.GetByLabel("Owner").FillAsync("dave");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(admin.Locator("tr[data-workspace]")).ToHaveCountAsync(1);
        await Expect(admin.Locator($"tr[data-workspace='{dave}']")).ToBeVisibleAsync();
        await admin.GetByLabel("Owner").FillAsync("");
        await admin.GetByLabel("Status").SelectOptionAsync(WorkspaceStatus.Terminated);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(admin.GetByText("No workstation matches.")).ToBeVisibleAsync();

        await admin.GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Audit log" })).ToBeVisibleAsync();
        var entries = admin.Locator("tbody tr");
        await Expect(entries.Filter(new() { HasText = "workspace.create" }).Filter(new() { HasText = dave.ToString() })).ToHaveCountAsync(1);
        await AssertAccessibleAsync(admin);
        await ScreenshotAsync(admin, "admin-audit");
        await admin.GetByLabel("Actor").FillAsync("dave");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(entries).ToHaveCountAsync(1);
        await Expect(entries).ToContainTextAsync("workspace.create");
        await admin.GetByLabel("Actor").FillAsync("erin");
        await admin.GetByRole(AriaRole.Button, new() { Name = "Filter" }).ClickAsync();
        await Expect(entries).ToHaveCountAsync(20);
    }
}
