using System.Text.Json;

namespace Forge.Cli.Tests;

/// <summary>The commands on workspaces after one is ready: reads as tables and as JSON, and every action.</summary>
public sealed class WorkspaceCommandTests : CliTestBase
{
    [Fact]
    public async Task List_show_and_open_print_the_ready_workspace_and_json_output_parses_back_to_the_same_workspace()
    {
        await LoginAsync();
        var created = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");
        Assert.True(created.ExitCode == 0, created.ToString());
        var id = CreatedId(created).ToString();

        Golden.Match("reads", await TranscriptAsync(["list"], ["show", id], ["open", id], ["list", "--status", "stopped"]));

        var listed = (await RunAsync("list", "--output", "json")).Json;
        var shown = (await RunAsync("show", id, "-o", "json")).Json;
        Assert.Equal(JsonValueKind.Array, listed.ValueKind);
        var only = Assert.Single(listed.EnumerateArray());
        Assert.True(JsonElement.DeepEquals(shown, only), "list and show answer the same workspace");
        Assert.Equal(id, shown.GetProperty("id").GetString());
        Assert.Equal("ready", shown.GetProperty("status").GetString());
        Assert.StartsWith("workspaces://alice@", shown.GetProperty("connection").GetProperty("clientUri").GetString(), StringComparison.Ordinal);
        Assert.Equal(9, shown.GetProperty("steps").GetArrayLength());
    }

    [Fact]
    public async Task Stop_start_reboot_keep_alive_dotfiles_and_terminate_act_on_the_workspace()
    {
        await LoginAsync();
        var created = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");
        var id = CreatedId(created);
        var text = id.ToString();

        var transcript = await TranscriptAsync(["keep-alive", text, "on"], ["dotfiles", "sync", text], ["stop", text], ["start", text]);
        await UntilStatusAsync(id, "stopped");
        transcript += await TranscriptAsync(["start", text]);
        await UntilStatusAsync(id, "ready");
        transcript += await TranscriptAsync(["reboot", text], ["keep-alive", text, "off"], ["terminate", text], ["terminate", text, "--yes"]);
        Golden.Match("actions", transcript);

        var shown = (await RunAsync("show", text, "-o", "json")).Json;
        Assert.Equal("terminating", shown.GetProperty("status").GetString());
        Assert.False(shown.GetProperty("keepAlive").GetBoolean());
    }
}
