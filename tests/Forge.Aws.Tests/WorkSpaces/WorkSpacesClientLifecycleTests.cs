using System.Net;
using Forge.Aws.WorkSpaces;

namespace Forge.Aws.Tests.WorkSpaces;

public sealed class WorkSpacesClientLifecycleTests : IAsyncLifetime
{
    private WorkSpacesWorld _world = null!;

    public async Task InitializeAsync() => _world = await WorkSpacesWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task A_created_WorkSpace_is_pending_then_available_after_the_build_time()
    {
        var bundleId = await _world.BundleIdAsync("Standard with Windows Server 2022");
        var request = WorkSpacesWorld.Request("alice", bundleId);
        request.WorkspaceName = "alice-dev";
        request.Tags = [new Tag { Key = "forge:workspace", Value = "w-1" }];

        var result = await _world.Client.CreateWorkspacesAsync(new CreateWorkspacesRequest { Workspaces = [request] });

        var pending = Assert.Single(result.PendingRequests);
        Assert.Empty(result.FailedRequests);
        Assert.Equal(WorkspaceState.Pending, pending.State);
        Assert.Matches("^ws-[0-9a-z]{9}$", pending.WorkspaceId);
        Assert.Equal(WorkSpacesWorld.DirectoryId, pending.DirectoryId);
        Assert.Equal("alice", pending.UserName);
        Assert.Equal(OperatingSystemName.WindowsServer2022, pending.WorkspaceProperties!.OperatingSystemName);
        Assert.Equal(60, pending.WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes);

        _world.Clock.Advance(WorkSpacesWorld.ConsistencyDelay);
        Assert.Equal(WorkspaceState.Pending, await _world.StateAsync(pending.WorkspaceId!));
        _world.Clock.Advance(WorkSpacesWorld.BuildTime);
        var available = await _world.DescribeAsync(pending.WorkspaceId!);
        Assert.Equal(WorkspaceState.Available, available!.State);
        Assert.Equal("alice-dev", available.WorkspaceName);
        Assert.NotNull(available.IpAddress);
        Assert.NotNull(available.ComputerName);
        var tags = await _world.Client.DescribeTagsAsync(new DescribeTagsRequest { ResourceId = pending.WorkspaceId! });
        Assert.Equal("w-1", Assert.Single(tags.TagList).Value);
    }

    [Fact]
    public async Task Per_item_failures_of_create_and_start_come_back_in_FailedRequests()
    {
        var bundleId = await _world.BundleIdAsync();
        var foreignDirectory = Forge.LocalCloud.Hosting.SeedInventory.For("eu-west-1").DirectoryId;
        var create = await _world.Client.CreateWorkspacesAsync(new CreateWorkspacesRequest
        {
            Workspaces =
            [
                WorkSpacesWorld.Request("bob", bundleId),
                new WorkspaceRequest { DirectoryId = foreignDirectory, UserName = "carol", BundleId = bundleId },
                // Per item only what the model allows but the service refuses; a model-breaking member fails the whole call.
                new WorkspaceRequest
                {
                    DirectoryId = WorkSpacesWorld.DirectoryId, UserName = "dave", BundleId = bundleId,
                    WorkspaceProperties = new WorkspaceProperties { RunningMode = RunningMode.AutoStop, RunningModeAutoStopTimeoutInMinutes = 45 },
                },
            ],
        });
        Assert.Single(create.PendingRequests);
        Assert.Equal(["ResourceNotFoundException", "InvalidParameterValuesException"], create.FailedRequests.Select(f => f.ErrorCode));
        Assert.Equal("carol", create.FailedRequests[0].WorkspaceRequest!.UserName);

        _world.Clock.Advance(WorkSpacesWorld.BuildTime);
        var id = create.PendingRequests[0].WorkspaceId!;
        var start = await _world.Client.StartWorkspacesAsync(new StartWorkspacesRequest { StartWorkspaceRequests = [new StartRequest { WorkspaceId = id }] });
        var failed = Assert.Single(start.FailedRequests);
        Assert.Equal((id, "InvalidResourceStateException"), (failed.WorkspaceId, failed.ErrorCode));
    }

    [Fact]
    public async Task Stop_start_reboot_and_terminate_walk_through_their_transitions()
    {
        var id = (await _world.CreateAvailableAsync(1)).Single();

        Assert.Empty(await _world.Client.StopWorkspacesBatchedAsync([id]));
        Assert.Equal(WorkspaceState.Stopping, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(WorkspaceState.Stopped, await _world.StateAsync(id));

        Assert.Empty(await _world.Client.StartWorkspacesBatchedAsync([id]));
        Assert.Equal(WorkspaceState.Starting, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(WorkspaceState.Available, await _world.StateAsync(id));

        Assert.Empty(await _world.Client.RebootWorkspacesBatchedAsync([id]));
        Assert.Equal(WorkspaceState.Rebooting, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(WorkspaceState.Available, await _world.StateAsync(id));

        Assert.Empty(await _world.Client.TerminateWorkspacesBatchedAsync([id]));
        Assert.Equal(WorkspaceState.Terminating, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(WorkspaceState.Terminated, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Null(await _world.DescribeAsync(id));
    }

    [Fact]
    public async Task Batched_helpers_split_more_than_25_ids_and_gather_every_failure()
    {
        var ids = await _world.CreateAvailableAsync(30);
        var alwaysOn = (await _world.CreateAvailableAsync(1, RunningMode.AlwaysOn, "kiosk")).Single();

        var failed = await _world.Client.StopWorkspacesBatchedAsync([.. ids, alwaysOn, "ws-missing000"]);

        Assert.Equal([(alwaysOn, "OperationNotSupportedException"), ("ws-missing000", "ResourceNotFoundException")],
            failed.Select(f => (f.WorkspaceId!, f.ErrorCode!)));
        var states = await _world.Client.DescribeAllWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = WorkSpacesWorld.DirectoryId })
            .ToDictionaryAsync(w => w.WorkspaceId!, w => w.State);
        Assert.All(ids, id => Assert.Equal(WorkspaceState.Stopping, states[id]));
        Assert.Equal(WorkspaceState.Available, states[alwaysOn]);
    }

    [Fact]
    public async Task An_AUTO_STOP_WorkSpace_stops_itself_after_its_timeout_without_a_user_and_starts_when_one_connects()
    {
        var id = (await _world.CreateAvailableAsync(1)).Single();

        _world.Clock.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(WorkspaceState.Available, await _world.StateAsync(id));
        _world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(WorkspaceState.Stopping, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(WorkspaceState.Stopped, await _world.StateAsync(id));
        Assert.Equal(ConnectionState.Unknown, (await _world.ConnectionAsync(id)).ConnectionState);

        using var connect = await _world.UserAsync(id, "connect");
        Assert.Equal(HttpStatusCode.Accepted, connect.StatusCode);
        Assert.Equal(WorkspaceState.Starting, await _world.StateAsync(id));
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        Assert.Equal(ConnectionState.Connected, (await _world.ConnectionAsync(id)).ConnectionState);

        // A connected user keeps it running well past the timeout.
        _world.Clock.Advance(TimeSpan.FromHours(3));
        Assert.Equal(WorkspaceState.Available, await _world.StateAsync(id));
    }

    [Fact]
    public async Task Connection_status_follows_connect_and_disconnect()
    {
        var id = (await _world.CreateAvailableAsync(1)).Single();
        var before = await _world.ConnectionAsync(id);
        Assert.Equal(ConnectionState.Disconnected, before.ConnectionState);
        Assert.Null(before.LastKnownUserConnectionTimestamp);
        Assert.Equal(_world.Clock.GetUtcNow(), before.ConnectionStateCheckTimestamp);

        using (var connect = await _world.UserAsync(id, "connect"))
        {
            Assert.Equal(HttpStatusCode.OK, connect.StatusCode);
        }

        var connectedAt = _world.Clock.GetUtcNow();
        var during = await _world.ConnectionAsync(id);
        Assert.Equal(ConnectionState.Connected, during.ConnectionState);
        Assert.Equal(connectedAt, during.LastKnownUserConnectionTimestamp);

        _world.Clock.Advance(TimeSpan.FromMinutes(30));
        using (var disconnect = await _world.UserAsync(id, "disconnect"))
        {
            Assert.Equal(HttpStatusCode.OK, disconnect.StatusCode);
        }

        var after = await _world.ConnectionAsync(id);
        Assert.Equal(ConnectionState.Disconnected, after.ConnectionState);
        Assert.Equal(connectedAt.AddMinutes(30), after.LastKnownUserConnectionTimestamp);
    }
}
