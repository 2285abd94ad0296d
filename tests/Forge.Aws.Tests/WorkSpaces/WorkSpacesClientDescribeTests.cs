using Forge.Aws.WorkSpaces;
using Forge.LocalCloud.Hosting;

namespace Forge.Aws.Tests.WorkSpaces;

public sealed class WorkSpacesClientDescribeTests : IAsyncLifetime
{
    private WorkSpacesWorld _world = null!;

    public async Task InitializeAsync() => _world = await WorkSpacesWorld.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task DescribeAllWorkspaces_follows_NextToken_across_pages()
    {
        var ids = await _world.CreateAvailableAsync(60);

        var first = await _world.Client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = WorkSpacesWorld.DirectoryId });
        Assert.Equal(25, first.Workspaces.Count);
        Assert.NotNull(first.NextToken);
        var all = await _world.Client.DescribeAllWorkspacesAsync(new DescribeWorkspacesRequest { DirectoryId = WorkSpacesWorld.DirectoryId, Limit = 7 })
            .Select(w => w.WorkspaceId!).ToListAsync();

        Assert.Equal(ids, all);
    }

    [Fact]
    public async Task Whole_call_errors_surface_as_AwsServiceException_with_the_model_error_code()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _world.Client.DescribeWorkspacesAsync(
            new DescribeWorkspacesRequest { DirectoryId = WorkSpacesWorld.DirectoryId, BundleId = "wsb-123456789" }));

        Assert.Equal("InvalidParameterValuesException", error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task The_seeded_directory_and_public_bundles_are_described()
    {
        var inventory = SeedInventory.For(WorkSpacesWorld.Region);
        var directories = await _world.Client.DescribeWorkspaceDirectoriesAsync(new DescribeWorkspaceDirectoriesRequest());
        var directory = Assert.Single(directories.Directories);
        Assert.Equal(inventory.DirectoryId, directory.DirectoryId);
        Assert.Equal(inventory.RegistrationCode, directory.RegistrationCode);
        Assert.Equal(inventory.DomainName, directory.DirectoryName);
        Assert.Equal("REGISTERED", directory.State);
        Assert.Equal(inventory.OrganizationalUnit, directory.WorkspaceCreationProperties!.DefaultOu);
        Assert.NotNull(directory.IpGroupIds);

        var bundles = await _world.Client.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" });
        Assert.Equal(15, bundles.Bundles.Count);
        Assert.All(bundles.Bundles, b => Assert.Matches("^wsb-[0-9a-z]{9}$", b.BundleId));
        Assert.Equal(5, bundles.Bundles.Count(b => b.Name!.EndsWith("Ubuntu 22.04", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Modified_workspace_properties_show_UPDATING_and_then_the_new_values()
    {
        var id = (await _world.CreateAvailableAsync(1, RunningMode.AlwaysOn)).Single();
        var tooSoon = await Assert.ThrowsAsync<AwsServiceException>(() => _world.Client.ModifyWorkspacePropertiesAsync(
            new ModifyWorkspacePropertiesRequest { WorkspaceId = id, WorkspaceProperties = new WorkspaceProperties { UserVolumeSizeGib = 100 } }));
        Assert.Equal("InvalidResourceStateException", tooSoon.ErrorCode);
        _world.Clock.Advance(TimeSpan.FromHours(6));

        await _world.Client.ModifyWorkspacePropertiesAsync(new ModifyWorkspacePropertiesRequest
        {
            WorkspaceId = id,
            WorkspaceProperties = new WorkspaceProperties { UserVolumeSizeGib = 100, RunningModeAutoStopTimeoutInMinutes = 180 },
        });

        var updating = await _world.DescribeAsync(id);
        Assert.Equal(WorkspaceState.Updating, updating!.State);
        Assert.Equal("USER_VOLUME", Assert.Single(updating.ModificationStates!).Resource);
        _world.Clock.Advance(WorkSpacesWorld.TransitionTime);
        var done = await _world.DescribeAsync(id);
        Assert.Equal(WorkspaceState.Available, done!.State);
        Assert.Null(done.ModificationStates);
        Assert.Equal(100, done.WorkspaceProperties!.UserVolumeSizeGib);
        Assert.Equal(180, done.WorkspaceProperties.RunningModeAutoStopTimeoutInMinutes);
    }

    [Fact]
    public async Task Directory_access_and_creation_properties_are_changed_member_by_member()
    {
        await _world.Client.ModifyWorkspaceAccessPropertiesAsync(new ModifyWorkspaceAccessPropertiesRequest
        {
            ResourceId = WorkSpacesWorld.DirectoryId,
            WorkspaceAccessProperties = new WorkspaceAccessProperties { DeviceTypeWeb = AccessPropertyValue.Allow, DeviceTypeAndroid = AccessPropertyValue.Deny },
        });
        await _world.Client.ModifyWorkspaceCreationPropertiesAsync(new ModifyWorkspaceCreationPropertiesRequest
        {
            ResourceId = WorkSpacesWorld.DirectoryId,
            WorkspaceCreationProperties = new WorkspaceCreationProperties
            {
                DefaultOu = "OU=Dev,DC=corp,DC=forge,DC=internal",
                UserEnabledAsLocalAdministrator = true,
                InstanceIamRoleArn = "arn:aws:iam::000000000000:role/forge-workstation",
            },
        });

        var directory = (await _world.Client.DescribeWorkspaceDirectoriesAsync(new DescribeWorkspaceDirectoriesRequest
        {
            DirectoryIds = [WorkSpacesWorld.DirectoryId],
        })).Directories.Single();
        Assert.Equal(AccessPropertyValue.Allow, directory.WorkspaceAccessProperties!.DeviceTypeWeb);
        Assert.Equal(AccessPropertyValue.Deny, directory.WorkspaceAccessProperties.DeviceTypeAndroid);
        Assert.Equal(AccessPropertyValue.Allow, directory.WorkspaceAccessProperties.DeviceTypeWindows);
        Assert.Equal("OU=Dev,DC=corp,DC=forge,DC=internal", directory.WorkspaceCreationProperties!.DefaultOu);
        Assert.True(directory.WorkspaceCreationProperties.UserEnabledAsLocalAdministrator);
        Assert.True(directory.WorkspaceCreationProperties.EnableMaintenanceMode);
        Assert.Equal("arn:aws:iam::000000000000:role/forge-workstation", directory.WorkspaceCreationProperties.InstanceIamRoleArn);
    }

    [Fact]
    public async Task Tags_are_created_overwritten_deleted_and_limited_to_50()
    {
        var id = (await _world.CreateAvailableAsync(1)).Single();
        await _world.Client.CreateTagsAsync(new CreateTagsRequest { ResourceId = id, Tags = [new() { Key = "team", Value = "a" }, new() { Key = "cost", Value = "1" }] });
        await _world.Client.CreateTagsAsync(new CreateTagsRequest { ResourceId = id, Tags = [new() { Key = "team", Value = "b" }] });
        await _world.Client.DeleteTagsAsync(new DeleteTagsRequest { ResourceId = id, TagKeys = ["cost"] });

        var tags = await _world.Client.DescribeTagsAsync(new DescribeTagsRequest { ResourceId = id });
        Assert.Equal([("team", "b")], tags.TagList.Select(t => (t.Key, t.Value!)));

        var tooMany = Enumerable.Range(0, 50).Select(i => new Tag { Key = $"k{i}", Value = "v" }).ToList();
        var error = await Assert.ThrowsAsync<AwsServiceException>(() =>
            _world.Client.CreateTagsAsync(new CreateTagsRequest { ResourceId = id, Tags = tooMany }));
        Assert.Equal("ResourceLimitExceededException", error.ErrorCode);
    }
}
