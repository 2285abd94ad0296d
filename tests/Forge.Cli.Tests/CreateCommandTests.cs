using System.Text.Json;

namespace Forge.Cli.Tests;

/// <summary><c>forge create</c>: the whole provisioning followed live, the connection details, the failure and the latency hints.</summary>
public sealed class CreateCommandTests : CliTestBase
{
    [Fact]
    public async Task Create_with_wait_shows_every_step_as_it_happens_and_ends_ready_with_the_connection_details()
    {
        await LoginAsync();

        var create = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Equal("", create.Error);
        Golden.Match("create-wait", create.Out);
        var id = CreatedId(create);
        Assert.Equal("ready", (await RunAsync("show", id.ToString(), "--output", "json")).Json.GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_workspace_that_fails_ends_the_wait_with_exit_1_and_the_reason_on_stderr()
    {
        var admin = await Api.Tests.Support.ApiClient.ClientForAsync(Forge, "ada", roles: ["admin"]);
        var broken = new { description = "Broken", operatingSystems = new Dictionary<string, object> { ["linux"] = new { defaultBundle = "wsb-doesnotexist1" } } };
        (await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(admin, "/api/v1/blueprints/broken", broken)).EnsureSuccessStatusCode();
        await LoginAsync();

        var create = await RunDrivenAsync("create", "--blueprint", "broken", "--wait", "--no-probe");

        Assert.Equal(1, create.ExitCode);
        Golden.Match("create-failed", create.ToString());
    }

    [Fact]
    public async Task Measured_latencies_are_sent_as_hints_and_Forge_picks_the_fastest_region()
    {
        var probe = new FixedProbe(new Dictionary<string, int> { ["us-east-1"] = 95, ["eu-west-1"] = 12, ["mars-north-1"] = 1 });
        Probe = probe;
        await LoginAsync();

        var create = await RunAsync("create", "--blueprint", "frontend");

        Assert.True(create.ExitCode == 0, create.ToString());
        Golden.Match("create-probed", create.ToString());
        Assert.Contains("eu-west-1", probe.Asked);
        var shown = (await RunAsync("show", CreatedId(create).ToString(), "-o", "json")).Json;
        Assert.Equal("eu-west-1", shown.GetProperty("region").GetProperty("name").GetString());
    }

    [Fact]
    public async Task With_every_probe_failing_the_create_says_so_and_sends_no_hints()
    {
        await LoginAsync();

        var create = await RunAsync("create", "--blueprint", "backend", "--os", "linux", "--output", "json");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains("Latency probe: no region answered", create.Error, StringComparison.Ordinal);
        var view = create.Json;
        Assert.Equal("provisioning", view.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Object, view.GetProperty("connection").ValueKind);
        Assert.Equal("us-east-1", view.GetProperty("region").GetProperty("name").GetString());
    }
}
