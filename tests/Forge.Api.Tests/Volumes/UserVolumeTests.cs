using System.Net;
using System.Net.Http.Json;
using Forge.Api.Dotfiles;
using Forge.Api.Security;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forge.Api.Tests.Volumes;

/// <summary>
/// User volumes and dotfiles end to end: workspaces built through Forge's API on the local cloud, the
/// launch steps (mount, apply dotfiles) and the terminate steps (persist dotfiles, unmount) run as the
/// provisioning pipeline will run them, the workstation edited and inspected through the local cloud.
/// </summary>
public abstract class UserVolumeTests : UserDataTestBase
{
    private static async Task<UserDataStepResult> LaunchAsync(IServiceProvider services, Guid id)
    {
        var results = await services.GetRequiredService<UserDataLifecycle>().AfterAvailableAsync(id, [Roles.Developer], CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Step}: {r.Error}"));
        Assert.Equal([UserDataSteps.MountVolume, UserDataSteps.ApplyDotfiles, UserDataSteps.InjectSecrets], results.Select(r => r.Step));
        return results[1];
    }

    private static async Task<UserDataStepResult> BeforeTerminateAsync(IServiceProvider services, Guid id)
    {
        var results = await services.GetRequiredService<UserDataLifecycle>().BeforeShutdownAsync(id, "terminate", CancellationToken.None);
        Assert.Equal([UserDataSteps.PersistDotfiles, UserDataSteps.UnmountVolume], results.Select(r => r.Step));
        Assert.True(results[0].Succeeded, results[0].Error);
        return results[1];
    }

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
    public async Task Refused_dotfiles_are_not_synced_and_are_logged_and_on_demand_sync_answers_202()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, ready.Id))).Succeeded);
        var machine = Machine(ready.CloudWorkspaceId!);
        lock (machine.Gate)
        {
            machine.HomeFiles[".vimrc"] = new(Content: "", Modified: Clock.GetUtcNow(), SymlinkTarget: "../../etc/passwd");
            machine.HomeFiles[".ssh/config"] = new(Content: "", Modified: Clock.GetUtcNow(), SymlinkTarget: "/etc/ssh/ssh_config");
            machine.HomeFiles[".aws/credentials"] = new("-----BEGIN RSA PRIVATE KEY-----\nMIIEsecret\n-----END RSA PRIVATE KEY-----\n", Clock.GetUtcNow());
            machine.HomeFiles[".ssh/id_rsa"] = new("-----BEGIN OPENSSH PRIVATE KEY-----\n", Clock.GetUtcNow());
        }

        await PutHomeFileAsync(ready.CloudWorkspaceId!, ".bashrc", "export EDITOR=vim\n");
        var response = await alice.PostAsync($"/api/v1/workspaces/{ready.Id}/dotfiles/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<DotfileSyncAccepted>(ApiClient.Json);
        Assert.DoesNotContain(accepted!.Patterns, p => p.Contains("id_", StringComparison.Ordinal));

        var persisted = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => w.Steps.Any(s => s.Name == UserDataSteps.PersistDotfiles), TimeSpan.FromSeconds(1));
        Assert.Equal(StepStatus.Succeeded, persisted.Steps.Last(s => s.Name == UserDataSteps.PersistDotfiles).Status);
        var refusals = Logs.Lines.Where(l => l.EventId == 5101).Select(l => l.Message).ToList();
        Assert.Contains(refusals, m => m.Contains(".vimrc refused (symlink-escapes-home)", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains(".ssh/config refused (symlink-escapes-home)", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains(".aws/credentials refused (private-key-content)", StringComparison.Ordinal));
        Assert.All(Logs.Lines, l => Assert.DoesNotContain("MIIEsecret", l.Message, StringComparison.Ordinal));

        // What reached the volume: the next workstation gets .bashrc, and none of the refused files.
        Assert.True((await RunAsync(forge, s => BeforeTerminateAsync(s, ready.Id))).Succeeded);
        await alice.DeleteAsync($"/api/v1/workspaces/{ready.Id}");
        var next = await ReadyWorkspaceAsync(alice);
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, next.Id))).Succeeded);
        var home = (await MachineViewAsync(next.CloudWorkspaceId!))["files"]!["home"]!.AsObject();
        Assert.Equal(["export EDITOR=vim\n"], home.Where(f => f.Key == ".bashrc").Select(f => (string?)f.Value!["content"]));
        Assert.DoesNotContain(home, f => f.Key is ".vimrc" or ".ssh/config" or ".aws/credentials" or ".ssh/id_rsa");
    }

    [Fact]
    public async Task A_dotfile_apply_that_outlasts_30_seconds_fails_its_step_not_the_workspace()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.True((await RunAsync(forge, s => s.GetRequiredService<UserVolumeSteps>().MountAsync(ready.Id, CancellationToken.None))).Succeeded);
        var machine = Machine(ready.CloudWorkspaceId!);
        lock (machine.Gate)
        {
            machine.Online = false; // the agent stops answering: the command stays Pending
        }

        var applied = await RunAsync(forge, s => s.GetRequiredService<DotfileSteps>().ApplyAsync(ready.Id, CancellationToken.None));

        Assert.False(applied.Succeeded);
        Assert.Contains("within 00:00:30", applied.Error, StringComparison.Ordinal);
        var workspace = await alice.GetWorkspaceAsync(ready.Id);
        Assert.Equal(WorkspaceStatus.Ready, workspace.Status);
        var step = workspace.Steps.Last();
        Assert.Equal((UserDataSteps.ApplyDotfiles, StepStatus.Failed), (step.Name, step.Status));
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

    [Fact]
    public async Task The_periodic_sync_gives_each_mounted_ready_workspace_one_job_at_a_time()
    {
        var forge = StartForgeWithLogs(new() { ["Dotfiles:PeriodicSyncPaused"] = "true" });
        var host = forge.Services.GetServices<IHostedService>().OfType<DotfileSyncHost>().Single();
        var alice = await forge.ClientForAsync("alice");
        var bob = await forge.ClientForAsync("bob");
        var mounted = await ReadyWorkspaceAsync(alice);
        await ReadyWorkspaceAsync(bob); // ready, but no volume mounted: nothing to persist
        Assert.True((await RunAsync(forge, s => LaunchAsync(s, mounted.Id))).Succeeded);
        await PutHomeFileAsync(mounted.CloudWorkspaceId!, ".zshrc", "setopt autocd\n");

        var first = await host.RunOnceAsync(CancellationToken.None);
        var second = await host.RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 1), (first.Examined, first.Acted));
        Assert.Equal((1, 0), (second.Examined, second.Acted));
        var persisted = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(mounted.Id),
            w => w.Steps.Any(s => s.Name == UserDataSteps.PersistDotfiles), TimeSpan.FromSeconds(1));
        Assert.Equal(StepStatus.Succeeded, persisted.Steps.Last().Status);
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
