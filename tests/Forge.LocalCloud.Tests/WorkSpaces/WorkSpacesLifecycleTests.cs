using System.Net;
using System.Text.Json.Nodes;
using static Forge.LocalCloud.Tests.WorkSpaces.WorkSpacesEmulator;

namespace Forge.LocalCloud.Tests.WorkSpaces;

public sealed class WorkSpacesLifecycleTests : IAsyncLifetime
{
    private WorkSpacesEmulator _cloud = null!;

    public async Task InitializeAsync() => _cloud = await StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task The_machine_is_online_exactly_while_AVAILABLE_even_when_nobody_describes_it()
    {
        var id = (await _cloud.CreateAsync(1, bundleName: "Power with Windows Server 2022")).Single();
        var machine = _cloud.Machines.FindByWorkspace(id)!;
        Assert.Matches("^mi-[0-9a-f]{17}$", machine.InstanceId);
        Assert.Equal("Windows", machine.Platform);
        Assert.False(machine.Online);

        // Timers on the local cloud's clock move the state; no request is made in between.
        _cloud.Clock.Advance(BuildTime);
        Assert.True(machine.Online);
        await _cloud.CallAsync("StopWorkspaces", Batch("StopWorkspaceRequests", id));
        Assert.False(machine.Online);
        _cloud.Clock.Advance(TransitionTime);
        await _cloud.CallAsync("StartWorkspaces", Batch("StartWorkspaceRequests", id));
        Assert.False(machine.Online);
        _cloud.Clock.Advance(TransitionTime);
        Assert.True(machine.Online);

        await _cloud.CallAsync("TerminateWorkspaces", Batch("TerminateWorkspaceRequests", id));
        Assert.False(machine.Online);
        _cloud.Clock.Advance(TransitionTime);
        Assert.Null(_cloud.Machines.FindByWorkspace(id));
        using var view = await _cloud.Control.GetAsync(new Uri($"_localcloud/machines/{id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, view.StatusCode);
    }

    [Fact]
    public async Task A_new_WorkSpace_is_invisible_to_DescribeWorkspaces_until_the_consistency_delay_has_passed()
    {
        var id = (await _cloud.CreateAsync(1)).Single();
        var byDirectory = new JsonObject { ["DirectoryId"] = DirectoryId };

        Assert.Null(await _cloud.DescribeAsync(id));
        Assert.Empty((await _cloud.CallAsync("DescribeWorkspaces", byDirectory))["Workspaces"]!.AsArray());
        _cloud.Clock.Advance(ConsistencyDelay - TimeSpan.FromMilliseconds(1));
        Assert.Null(await _cloud.DescribeAsync(id));
        _cloud.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("PENDING", await _cloud.StateAsync(id));
        Assert.Single((await _cloud.CallAsync("DescribeWorkspaces", byDirectory))["Workspaces"]!.AsArray());
    }

    [Fact]
    public async Task Start_stop_and_reboot_check_running_mode_and_state_per_item()
    {
        var alwaysOn = await _cloud.CreateAvailableAsync("ALWAYS_ON");
        var autoStop = await _cloud.CreateAvailableAsync();

        var stop = await _cloud.CallAsync("StopWorkspaces", Batch("StopWorkspaceRequests", alwaysOn, autoStop));
        Assert.Equal([(alwaysOn, "OperationNotSupportedException")], Failures(stop));
        var start = await _cloud.CallAsync("StartWorkspaces", Batch("StartWorkspaceRequests", alwaysOn, autoStop, "ws-nothere00"));
        Assert.Equal([(alwaysOn, "OperationNotSupportedException"), (autoStop, "InvalidResourceStateException"),
            ("ws-nothere00", "ResourceNotFoundException")], Failures(start));
        // An id breaking the model's pattern fails the whole call before any item is looked at.
        await _cloud.FailsAsync("StartWorkspaces", Batch("StartWorkspaceRequests", autoStop, "bad"), "InvalidParameterValuesException");

        _cloud.Clock.Advance(TransitionTime);
        var reboot = await _cloud.CallAsync("RebootWorkspaces", Batch("RebootWorkspaceRequests", autoStop, alwaysOn));
        Assert.Equal([(autoStop, "InvalidResourceStateException")], Failures(reboot));
        Assert.Equal("REBOOTING", await _cloud.StateAsync(alwaysOn));
        var again = await _cloud.CallAsync("RebootWorkspaces", Batch("RebootWorkspaceRequests", alwaysOn));
        Assert.Equal([(alwaysOn, "InvalidResourceStateException")], Failures(again));

        var terminate = await _cloud.CallAsync("TerminateWorkspaces", Batch("TerminateWorkspaceRequests", autoStop, autoStop));
        Assert.Empty(Failures(terminate));
        Assert.Equal("TERMINATING", await _cloud.StateAsync(autoStop));
    }

    [Fact]
    public async Task ModifyWorkspaceProperties_enforces_state_and_resize_rules()
    {
        var id = await _cloud.CreateAvailableAsync();
        JsonObject Modify(JsonObject properties) => new() { ["WorkspaceId"] = id, ["WorkspaceProperties"] = properties };

        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["RootVolumeSizeGib"] = 40 }), "InvalidParameterValuesException");
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "POWER", ["UserVolumeSizeGib"] = 100 }),
            "InvalidParameterValuesException");
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "HUGE" }), "InvalidParameterValuesException");
        await _cloud.FailsAsync("ModifyWorkspaceProperties", new JsonObject { ["WorkspaceId"] = "ws-nothere00", ["WorkspaceProperties"] = new JsonObject() },
            "ResourceNotFoundException");

        await _cloud.CallAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["Protocols"] = new JsonArray("PCOIP") }));
        Assert.Equal("PROTOCOL", (string?)(await _cloud.DescribeAsync(id))!["ModificationStates"]![0]!["Resource"]);
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["RunningMode"] = "ALWAYS_ON" }), "OperationInProgressException");
        _cloud.Clock.Advance(TransitionTime);

        await _cloud.CallAsync("StopWorkspaces", Batch("StopWorkspaceRequests", id));
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["RunningMode"] = "ALWAYS_ON" }), "InvalidResourceStateException");
        _cloud.Clock.Advance(TransitionTime);
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "PERFORMANCE" }), "InvalidResourceStateException");
        _cloud.Clock.Advance(TimeSpan.FromHours(6));
        await _cloud.CallAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "PERFORMANCE" }));
        _cloud.Clock.Advance(TransitionTime);
        var stopped = (await _cloud.DescribeAsync(id))!;
        Assert.Equal("STOPPED", (string?)stopped["State"]);
        Assert.Equal("PERFORMANCE", (string?)stopped["WorkspaceProperties"]!["ComputeTypeName"]);
        Assert.Equal("PCOIP", (string?)stopped["WorkspaceProperties"]!["Protocols"]![0]);
    }

    [Fact]
    public async Task Resizes_are_rationed_like_the_admin_guide_says()
    {
        var id = await _cloud.CreateAvailableAsync("ALWAYS_ON", "Standard with Amazon Linux 2");
        JsonObject Modify(JsonObject properties) => new() { ["WorkspaceId"] = id, ["WorkspaceProperties"] = properties };
        async Task ModifyAndWaitAsync(JsonObject properties)
        {
            await _cloud.CallAsync("ModifyWorkspaceProperties", Modify(properties));
            _cloud.Clock.Advance(TransitionTime);
        }

        _cloud.Clock.Advance(TimeSpan.FromHours(6));
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["RootVolumeSizeGib"] = 175, ["UserVolumeSizeGib"] = 100 }),
            "InvalidParameterValuesException");
        await ModifyAndWaitAsync(new JsonObject { ["UserVolumeSizeGib"] = 100 });
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["RootVolumeSizeGib"] = 175 }), "InvalidResourceStateException");
        await ModifyAndWaitAsync(new JsonObject { ["ComputeTypeName"] = "POWER" });
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "POWERPRO" }), "InvalidResourceStateException");
        await ModifyAndWaitAsync(new JsonObject { ["ComputeTypeName"] = "VALUE" });

        _cloud.Clock.Advance(TimeSpan.FromHours(6));
        await ModifyAndWaitAsync(new JsonObject { ["RootVolumeSizeGib"] = 175 });
        await ModifyAndWaitAsync(new JsonObject { ["ComputeTypeName"] = "STANDARD" });
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "VALUE" }), "InvalidResourceStateException");
        await _cloud.FailsAsync("ModifyWorkspaceProperties", Modify(new JsonObject { ["ComputeTypeName"] = "GRAPHICS" }),
            "UnsupportedWorkspaceConfigurationException");
        _cloud.Clock.Advance(TimeSpan.FromDays(30));
        await ModifyAndWaitAsync(new JsonObject { ["ComputeTypeName"] = "VALUE" });
        var properties = (await _cloud.DescribeAsync(id))!["WorkspaceProperties"]!;
        Assert.Equal(("VALUE", 175, 100), ((string?)properties["ComputeTypeName"], (int?)properties["RootVolumeSizeGib"], (int?)properties["UserVolumeSizeGib"]));
    }

    [Fact]
    public async Task Connecting_acts_like_the_WorkSpaces_client()
    {
        var pending = (await _cloud.CreateAsync(1)).Single();
        using (var early = await Post(pending, "connect"))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        using (var unknown = await Post("ws-nothere00", "connect"))
        {
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        }

        _cloud.Clock.Advance(BuildTime);
        using (var connect = await Post(pending, "connect"))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        }

        var machine = _cloud.Machines.FindByWorkspace(pending)!;
        Assert.True(machine.UserConnected);
        Assert.Equal(_cloud.Clock.GetUtcNow(), machine.LastUserConnection);
        await _cloud.CallAsync("RebootWorkspaces", Batch("RebootWorkspaceRequests", pending));
        Assert.False(machine.UserConnected);
        var status = await _cloud.CallAsync("DescribeWorkspacesConnectionStatus", new JsonObject { ["WorkspaceIds"] = new JsonArray(pending) });
        Assert.Equal("UNKNOWN", (string?)status["WorkspacesConnectionStatus"]![0]!["ConnectionState"]);
    }

    private Task<HttpResponseMessage> Post(string workspaceId, string action) =>
        _cloud.Control.PostAsync(new Uri($"_localcloud/machines/{workspaceId}/{action}", UriKind.Relative), null);

    private static List<(string, string)> Failures(JsonObject result) =>
        [.. result["FailedRequests"]!.AsArray().Select(f => ((string)f!["WorkspaceId"]!, (string)f["ErrorCode"]!))];
}
