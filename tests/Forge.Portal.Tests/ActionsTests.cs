using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// A developer acts on their workstation from its page: stop and start (each followed live to its end), keep-alive,
/// and terminate, which asks first and does nothing when the answer is no. Every outcome is checked in the API.
/// </summary>
public sealed class ActionsTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_developer_stops_starts_keeps_alive_and_terminates_with_confirmation()
    {
        StartPortal();
        var api = await ApiAsync("alice");
        var id = (await api.CreateWorkspaceAsync()).Id;
        await DriveUntilAsync(() => api.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready);
        var page = await NewPageAsync();
        await SignInAsync(page, "alice", "Engineering", "developer");
        await page.GotoAsync($"/workspaces/{id}");
        var label = $"backend linux {id.ToString("N")[^8..]}";
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Workstation {label}" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = $"Stop {label}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Stop requested." })).ToBeVisibleAsync();
        Assert.Equal(WorkspaceStatus.Stopping, (await api.GetWorkspaceAsync(id)).Status);
        await DriveUntilAsync(() => page.Locator("#live-status").InnerTextAsync(), s => s.Contains(WorkspaceStatus.Stopped, StringComparison.Ordinal));
        Assert.Equal(WorkspaceStatus.Stopped, (await api.GetWorkspaceAsync(id)).Status);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Stop {label}" })).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Start {label}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Start requested." })).ToBeVisibleAsync();
        await DriveUntilAsync(() => page.Locator("#live-status").InnerTextAsync(), s => s.Contains(WorkspaceStatus.Ready, StringComparison.Ordinal));
        Assert.Equal(WorkspaceStatus.Ready, (await api.GetWorkspaceAsync(id)).Status);

        await page.GetByRole(AriaRole.Button, new() { Name = $"Turn keep-alive on {label}" }).ClickAsync();
        await Expect(page.GetByText("on: not stopped for being idle")).ToBeVisibleAsync();
        Assert.True((await api.GetWorkspaceAsync(id)).KeepAlive);

        // Terminate asks first; "no" leaves the workstation as it was.
        await page.GetByRole(AriaRole.Link, new() { Name = $"Terminate {label}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Terminate workstation {label}?" })).ToBeVisibleAsync();
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "No, keep it" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"Workstation {label}" })).ToBeVisibleAsync();
        Assert.Equal(WorkspaceStatus.Ready, (await api.GetWorkspaceAsync(id)).Status);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Terminate {label}" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Yes, terminate {label}" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Termination requested." })).ToBeVisibleAsync();
        await DriveUntilAsync(() => page.Locator("#live-status").InnerTextAsync(), s => s.Contains(WorkspaceStatus.Terminated, StringComparison.Ordinal));
        Assert.Equal(WorkspaceStatus.Terminated, (await api.GetWorkspaceAsync(id)).Status);
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = $"Start {label}" })).ToHaveCountAsync(0);

        // Their list no longer shows it, and says so.
        await page.GotoAsync("/");
        await Expect(page.GetByText("1 terminated workstation is not shown.")).ToBeVisibleAsync();
    }
}
