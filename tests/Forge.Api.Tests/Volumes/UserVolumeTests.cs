using System.Net;
using System.Net.Http.Json;
using Forge.Api.Dotfiles;
using Forge.Api.Security;
using Forge.Api.Regions;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Volumes;

/// <summary>
/// User volumes and dotfiles end to end: workspaces built through Forge's API on the local cloud, the
/// launch steps (mount, apply dotfiles) and the terminate steps (persist dotfiles, unmount) run as the
/// provisioning pipeline will run them, the workstation edited and inspected through the local cloud.
/// </summary>
public abstract class UserVolumeTests : UserDataTestBase
{
    [Fact]
    public async Task A_gitconfig_edited_on_one_workstation_survives_terminate_and_reaches_the_next_within_30_seconds_of_ready()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice", teams: ["payments"]);

        var first = await ReadyWorkspaceAsync(alice);
        Assert.Empty(await ListVolumesAsync(alice));
        var launched = await RunAsync(forge, s => LaunchAsync(s, first.Id));
        Assert.True(launched.Succeeded, launched.Error);
        var volume = Assert.Single(await ListVolumesAsync(alice));
        Assert.Equal(("alice", UserVolumeLifecycle.Available, (Guid?)first.Id), (volume.Owner, volume.Lifecycle, volume.MountedWorkspaceId));
        Assert.Equal(volume.FsxVolumeId, (string?)Assert.Single((await MachineViewAsync(first.CloudWorkspaceId!))["mounts"]!.AsArray())!["volumeId"]);
        await using (var scope = forge.Services.CreateAsyncScope())
        {
            var regions = scope.ServiceProvider.GetRequiredService<IUserVolumeRegions>();
            Assert.Equal(first.Region.Name, await regions.FindRegionAsync("alice", CancellationToken.None));
            Assert.Null(await regions.FindRegionAsync("bob", CancellationToken.None));
        }


        await PutHomeFileAsync(first.CloudWorkspaceId!, ".gitconfig", "[user]\n\tname = Alice Example\n");
        Assert.True((await RunAsync(forge, s => BeforeTerminateAsync(s, first.Id))).Succeeded);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.DeleteAsync($"/api/v1/workspaces/{first.Id}")).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(first.Id), w => w.Status == WorkspaceStatus.Terminated, Step);
        var kept = Assert.Single(await ListVolumesAsync(alice));
        Assert.Equal((volume.Id, volume.FsxVolumeId, (Guid?)null), (kept.Id, kept.FsxVolumeId, kept.MountedWorkspaceId));

        var second = await ReadyWorkspaceAsync(alice);
        var applied = await RunAsync(forge, s => LaunchAsync(s, second.Id));
        Assert.True(applied.Succeeded, applied.Error);
        Assert.True(Clock.GetUtcNow() - second.ReadyAt!.Value <= TimeSpan.FromSeconds(30), $"applied {Clock.GetUtcNow() - second.ReadyAt} after ready");
        var home = (await MachineViewAsync(second.CloudWorkspaceId!))["files"]!["home"]!;
        Assert.Equal("[user]\n\tname = Alice Example\n", (string?)home[".gitconfig"]!["content"]);
        Assert.Equal(volume.Id, Assert.Single(await ListVolumesAsync(alice)).Id);

        var steps = (await alice.GetWorkspaceAsync(second.Id)).Steps;
        Assert.Contains(steps, s => s.Name == UserDataSteps.MountVolume && s.Status == StepStatus.Succeeded);
        Assert.Contains(steps, s => s.Name == UserDataSteps.ApplyDotfiles && s.Status == StepStatus.Succeeded);
    }

    [Fact]
    public async Task Another_users_volume_is_never_mounted_and_deleting_needs_the_owner_a_confirmation_and_no_mount()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var bob = await forge.ClientForAsync("bob");
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var alices = await ReadyWorkspaceAsync(alice);
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, alices.Id))).Succeeded);

        var bobs = await ReadyWorkspaceAsync(bob);
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, bobs.Id))).Succeeded);

        var aliceVolume = Assert.Single(await ListVolumesAsync(alice));
        var bobVolume = Assert.Single(await ListVolumesAsync(bob));
        Assert.NotEqual(aliceVolume.FsxVolumeId, bobVolume.FsxVolumeId);
        var bobMount = Assert.Single((await MachineViewAsync(bobs.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal((bobVolume.FsxVolumeId, "bob"), ((string?)bobMount["volumeId"], (string?)bobMount["owner"]));
        Assert.Equal(2, (await ListVolumesAsync(admin)).Count);

        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}")).StatusCode);
        var unconfirmed = await bob.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("confirm", (await unconfirmed.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var mounted = await bob.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}");
        Assert.Equal(HttpStatusCode.Conflict, mounted.StatusCode);

        Assert.True((await RunAsync(forge, s => BeforeTerminateAsync(s, bobs.Id))).Succeeded);
        Assert.Empty((await MachineViewAsync(bobs.CloudWorkspaceId!))["mounts"]!.AsArray());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}")).StatusCode);
        Assert.Empty(await ListVolumesAsync(bob));
        Assert.Single(await ListVolumesAsync(admin));

        var audit = await admin.GetFromJsonAsync<Audit.AuditPage>($"/api/v1/audit?target={bobVolume.Id}&action=volume.delete", ApiClient.Json);
        Assert.Equal(["succeeded", "rejected", "rejected"], audit!.Entries.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Windows_gets_the_volume_as_D_and_a_second_live_workstation_cannot_take_it()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var windows = await ReadyWorkspaceAsync(alice, "windows");
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, windows.Id))).Succeeded);
        var mount = Assert.Single((await MachineViewAsync(windows.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal("D:", (string?)mount["mountPoint"]);

        var linux = await ReadyWorkspaceAsync(alice);
        var refused = await RunAsync(forge, s => s.GetRequiredService<UserVolumeSteps>().MountAsync(linux.Id, CancellationToken.None));

        Assert.False(refused.Succeeded);
        Assert.Contains(windows.Id.ToString(), refused.Error, StringComparison.Ordinal);
        Assert.Empty((await MachineViewAsync(linux.CloudWorkspaceId!))["mounts"]!.AsArray());
        var after = await alice.GetWorkspaceAsync(linux.Id);
        Assert.Equal((WorkspaceStatus.Ready, UserDataSteps.MountVolume, StepStatus.Failed), (after.Status, after.Steps.Last().Name, after.Steps.Last().Status));
        Assert.Equal(windows.Id, Assert.Single(await ListVolumesAsync(alice)).MountedWorkspaceId);
    }

    [Fact]
    public async Task A_volume_whose_create_was_never_recorded_is_found_by_its_tag_and_not_made_twice()
    {
        var forge = StartForgeWithLogs();
        Task<UserVolume> EnsureAsync() => RunAsync(forge, s => s.GetRequiredService<UserVolumeProvisioner>()
            .EnsureAsync("alice", "alice", "us-east-1", CancellationToken.None), TimeSpan.FromSeconds(10));
        var first = await EnsureAsync();
        Assert.Equal(UserVolumeLifecycle.Available, first.Lifecycle);

        // A crash between CreateVolume's answer and the save: the row does not know its FSx volume.
        await using (var scope = forge.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Persistence.ForgeDbContext>().UserVolumes
                .ExecuteUpdateAsync(u => u.SetProperty(v => v.FsxVolumeId, (string?)null).SetProperty(v => v.Lifecycle, UserVolumeLifecycle.Creating));
        }

        var again = await EnsureAsync();

        Assert.Equal((first.Id, first.FsxVolumeId, UserVolumeLifecycle.Available), (again.Id, again.FsxVolumeId, again.Lifecycle));
        var fsx = new Forge.Aws.Fsx.FsxClient(Forge.Aws.AwsClientFactory.Create(new Forge.Aws.AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        var tagged = 0;
        await foreach (var volume in fsx.EnumerateVolumesAsync(new Forge.Aws.Fsx.DescribeVolumesRequest()))
        {
            tagged += volume.Tags?.Count(t => t.Key == UserVolumeProvisioner.VolumeIdTag && t.Value == first.Id.ToString()) ?? 0;
        }

        Assert.Equal(1, tagged);
    }

    private static async Task<List<UserVolumeView>> ListVolumesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<UserVolumePage>("/api/v1/volumes", ApiClient.Json))!.Volumes;
}

public sealed class UserVolumeTestsOnSqlite : UserVolumeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class UserVolumeTestsOnPostgres : UserVolumeTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
