using System.Net;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// The portal shows what the API shows the signed-in user and nothing more: a developer cannot see, follow or act on
/// another developer's workstation, in the pages or in the API, and the team and admin pages are not theirs.
/// </summary>
public sealed class VisibilityTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_developer_cannot_see_or_act_on_another_developers_workstation_in_the_portal_or_the_API()
    {
        StartPortal();
        var alice = await ApiAsync("alice");
        var theirs = (await alice.CreateWorkspaceAsync()).Id;
        var bob = await ApiAsync("bob", ["Engineering"]);
        var mine = (await bob.CreateWorkspaceAsync()).Id;
        var page = await NewPageAsync();
        await SignInAsync(page, "bob", "Engineering", "developer");

        // The list holds bob's own only.
        await Expect(page.Locator("tr[data-workspace]")).ToHaveCountAsync(1);
        await Expect(page.Locator($"tr[data-workspace='{mine}']")).ToBeVisibleAsync();

        // Alice's page, its terminate page and its event stream answer 404 as the API does; nothing of it is shown.
        var response = await page.GotoAsync($"/workspaces/{theirs}");
        Assert.Equal((int)HttpStatusCode.NotFound, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(page.GetByText("no workstation with that id is visible to you")).ToBeVisibleAsync();
        await Expect(page.GetByText("alice")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        Assert.Equal((int)HttpStatusCode.NotFound, (await page.GotoAsync($"/workspaces/{theirs}/terminate"))!.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, (await page.APIRequest.GetAsync($"/portal/workspaces/{theirs}/events")).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.GetAsync($"/api/v1/workspaces/{theirs}")).StatusCode);

        // A stop posted from bob's session (with a valid antiforgery token from his own page) is refused by the API.
        await page.GotoAsync($"/workspaces/{mine}");
        var token = await page.Locator("input[name=__RequestVerificationToken]").First.InputValueAsync();
        var stop = await page.APIRequest.PostAsync($"/portal/workspaces/{theirs}/stop",
            new() { Form = page.APIRequest.CreateFormData().Set("__RequestVerificationToken", token).Set("returnUrl", "/"), MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.Redirect, stop.Status);
        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("No workspace with that id is visible to you.");
        Assert.Equal(WorkspaceStatus.Provisioning, (await alice.GetWorkspaceAsync(theirs)).Status);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/workspaces/{theirs}/stop", null)).StatusCode);

        // A form post without the antiforgery token is refused before it reaches the API.
        var forged = await page.APIRequest.PostAsync($"/portal/workspaces/{mine}/stop",
            new() { Form = page.APIRequest.CreateFormData().Set("returnUrl", "/"), MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);

        // The team and admin pages are not a developer's: no link to them, and going there says so.
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "All workstations" })).ToHaveCountAsync(0);
        await page.GotoAsync("/admin/workspaces");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not for your role" })).ToBeVisibleAsync();
        await page.GotoAsync("/team");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not for your role" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
    }
}
