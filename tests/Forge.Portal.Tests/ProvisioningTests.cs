using System.Text.RegularExpressions;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// A developer in the browser: signs in on the development page, requests a workstation from the catalogue, watches
/// its steps arrive live (the page is never reloaded until the workstation is ready), and gets the connection details
/// with working copy buttons, all as the API shows them.
/// </summary>
public sealed partial class ProvisioningTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_developer_requests_a_workstation_watches_it_provision_live_and_gets_its_connection_details()
    {
        StartPortal();
        var page = await NewPageAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("/sign-in\\?returnUrl=%2F$"));
        await AssertAccessibleAsync(page);
        await SignInAsync(page, "alice", "Engineering", "developer");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workstations" })).ToBeVisibleAsync();
        await Expect(page.GetByText("You have no workstations yet.")).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "Request a workstation" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Request a workstation" })).ToBeVisibleAsync();
        // The catalogue, every blueprint with each of its systems, and the automatic region explained.
        await Expect(page.GetByRole(AriaRole.Radio)).ToHaveCountAsync(3);
        await Expect(page.GetByLabel("Region (optional)")).ToHaveValueAsync("");
        await Expect(page.Locator("#region-about")).ToContainTextAsync("default region, US East (N. Virginia) (us-east-1)");
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "request");

        await page.GetByLabel("backend on linux").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Request workstation" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/workspaces/[0-9a-f-]{36}$"));
        var id = Guid.Parse(page.Url[^36..]);
        var api = await ApiAsync("alice");
        var requested = await api.GetWorkspaceAsync(id);
        Assert.Equal(("alice", "backend", "linux", "provisioning"), (requested.Owner, requested.Blueprint, requested.OperatingSystem, requested.Status));
        await Expect(page.Locator("#live-status")).ToContainTextAsync("provisioning");
        await Expect(page.GetByText($"{requested.Region.Name}, chosen as {requested.Region.Reason}")).ToBeVisibleAsync();

        // Progress arrives over the event stream into the page as it is: a mark set now survives until the steps show.
        await page.EvaluateAsync("() => { window.forgeMark = 'not reloaded'; }");
        var shown = await DriveUntilAsync(() => page.Locator("#steps li").CountAsync(), n => n >= 3);
        Assert.Equal("not reloaded", await page.EvaluateAsync<string>("() => window.forgeMark"));
        var steps = (await api.GetWorkspaceAsync(id)).Steps;
        await Expect(page.Locator("#steps li").First).ToContainTextAsync(steps[0].Name);
        await Expect(page.Locator("#steps li").First).ToContainTextAsync(steps[0].Status);
        Assert.True(shown >= 3);
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "progress");

        // At ready the page shows where it ended: the connection details, as the API gives them.
        await DriveUntilAsync(() => page.Locator("#live-status").InnerTextAsync(), s => s.Contains("ready", StringComparison.Ordinal));
        var ready = await api.GetWorkspaceAsync(id);
        Assert.Equal(WorkspaceStatus.Ready, ready.Status);
        await Expect(page.Locator("#registration-code")).ToHaveTextAsync(ready.Connection.RegistrationCode!);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open in the WorkSpaces client" })).ToHaveAttributeAsync("href", ready.Connection.ClientUri!);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Open the web client (new tab)" })).ToHaveAttributeAsync("href", ready.Connection.WebAccessUrl!);
        await Expect(page.Locator("#steps li")).ToHaveCountAsync(ready.Steps.Count);
        await Expect(page.Locator("#steps li .status-succeeded")).ToHaveCountAsync(ready.Steps.Count(s => s.Status == "succeeded"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Copy registration code" }).ClickAsync();
        await Expect(page.Locator(".connection .copy-status").First).ToHaveTextAsync("Copied");
        Assert.Equal(ready.Connection.RegistrationCode, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await AssertAccessibleAsync(page);
        await ScreenshotAsync(page, "ready");

        // And the list of their own workstations has it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Your workstations" }).ClickAsync();
        var row = page.Locator($"tr[data-workspace='{id}']");
        await Expect(row).ToContainTextAsync("ready");
        await Expect(row).ToContainTextAsync(ready.Region.Name);
        await AssertAccessibleAsync(page);
    }
}
