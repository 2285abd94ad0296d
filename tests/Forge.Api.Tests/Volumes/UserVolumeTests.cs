using System.Net;
using System.Net.Http.Json;
using Forge.Api.Auth;
using Forge.Api.DomainJoin;
using Forge.Api.Dotfiles;
using Forge.Api.Hardening;
using Forge.Api.Regions;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Volumes;

/// <summary>
/// User volumes and dotfiles end to end: workspaces built, stopped, started and terminated through
/// Forge's API on the local cloud (the pipeline mounts and applies, a stop or terminate persists and
/// unmounts first), the workstation edited and inspected through the local cloud.
/// </summary>
public abstract class UserVolumeTests : UserDataTestBase
{
    [Fact]
    public async Task A_gitconfig_edited_on_one_workstation_survives_terminate_and_is_in_the_next_when_it_is_ready()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice", teams: ["payments"]);
        Assert.Empty(await ListVolumesAsync(alice));

        var first = await ReadyWorkspaceAsync(alice);
        var volume = Assert.Single(await ListVolumesAsync(alice));
        Assert.Equal(("alice", UserVolumeLifecycle.Available, (Guid?)first.Id), (volume.Owner, volume.Lifecycle, volume.MountedWorkspaceId));
        var mount = Assert.Single((await MachineViewAsync(first.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal((volume.FsxVolumeId, "alice"), ((string?)mount["volumeId"], (string?)mount["owner"]));
        Assert.Equal(
            [JoinDomainStep.StepName, ApplySecurityProfileStep.StepName, VerifySecurityProfileStep.StepName,
                StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets],
            first.Steps.SkipWhile(s => s.Name != JoinDomainStep.StepName).Select(s => s.Name));
        Assert.All(first.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        await using (var scope = forge.Services.CreateAsyncScope())
        {
            var regions = scope.ServiceProvider.GetRequiredService<IUserVolumeRegions>();
            Assert.Equal(first.Region.Name, await regions.FindRegionAsync("alice", CancellationToken.None));
            Assert.Null(await regions.FindRegionAsync("bob", CancellationToken.None));
        }

        await PutHomeFileAsync(first.CloudWorkspaceId!, ".gitconfig", "[user]\n\tname = Alice Example\n");
        var terminated = await TerminateAsync(alice, first.Id);
        // Saved and released while the machine still ran: both before the terminate call.
        Assert.Equal([StepNames.PersistDotfiles, StepNames.UnmountVolume, StepNames.Terminate],
            terminated.Steps.SkipWhile(s => s.Name != StepNames.PersistDotfiles).Select(s => s.Name));
        Assert.All(terminated.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var kept = Assert.Single(await ListVolumesAsync(alice));
        Assert.Equal((volume.Id, volume.FsxVolumeId, (Guid?)null), (kept.Id, kept.FsxVolumeId, kept.MountedWorkspaceId));

        var second = await ReadyWorkspaceAsync(alice);
        // Applied before the workspace turned ready (so 0 s after it), each step well inside its 30 s.
        var home = (await MachineViewAsync(second.CloudWorkspaceId!))["files"]!["home"]!;
        Assert.Equal("[user]\n\tname = Alice Example\n", (string?)home[".gitconfig"]!["content"]);
        var applied = LastStep(second, StepNames.ApplyDotfiles);
        Assert.Equal(StepStatus.Succeeded, applied.Status);
        Assert.True(applied.CompletedAt <= second.ReadyAt, $"applied at {applied.CompletedAt}, ready at {second.ReadyAt}");
        Assert.True(applied.CompletedAt - applied.StartedAt <= TimeSpan.FromSeconds(30), $"apply took {applied.CompletedAt - applied.StartedAt}");
        Assert.Equal((volume.Id, (Guid?)second.Id), Assert.Single(await ListVolumesAsync(alice)) is var again ? (again.Id, again.MountedWorkspaceId) : default);
    }

    [Fact]
    public async Task A_stop_persists_and_unmounts_and_a_start_mounts_the_volume_again()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        await PutHomeFileAsync(ready.CloudWorkspaceId!, ".zshrc", "setopt autocd\n");

        var stopped = await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);
        Assert.Equal([StepNames.PersistDotfiles, StepNames.UnmountVolume, StepNames.Stop],
            stopped.Steps.SkipWhile(s => s.Name != StepNames.PersistDotfiles).Select(s => s.Name));
        Assert.Null(Assert.Single(await ListVolumesAsync(alice)).MountedWorkspaceId);
        Assert.Empty((await MachineViewAsync(ready.CloudWorkspaceId!))["mounts"]!.AsArray());

        await TransitionAsync(alice, ready.Id, "start", WorkspaceStatus.Ready);
        var remounted = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => w.Steps.Count(s => s.Name == StepNames.InjectSecrets) == 2, TimeSpan.FromSeconds(1));
        Assert.Equal([StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets],
            remounted.Steps.SkipWhile(s => s.Name != StepNames.Start).Skip(1).Select(s => s.Name));
        Assert.All(remounted.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.Equal(ready.Id, Assert.Single(await ListVolumesAsync(alice)).MountedWorkspaceId);
        var machine = await MachineViewAsync(ready.CloudWorkspaceId!);
        Assert.Single(machine["mounts"]!.AsArray());
        Assert.Equal("setopt autocd\n", (string?)machine["files"]!["home"]![".zshrc"]!["content"]);
    }

    [Fact]
    public async Task Another_users_volume_is_never_mounted_and_deleting_needs_the_owner_a_confirmation_and_no_mount()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var bob = await forge.ClientForAsync("bob");
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var alices = await ReadyWorkspaceAsync(alice);
        var bobs = await ReadyWorkspaceAsync(bob);

        var aliceVolume = Assert.Single(await ListVolumesAsync(alice));
        var bobVolume = Assert.Single(await ListVolumesAsync(bob));
        Assert.NotEqual(aliceVolume.FsxVolumeId, bobVolume.FsxVolumeId);
        var bobMount = Assert.Single((await MachineViewAsync(bobs.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal((bobVolume.FsxVolumeId, "bob"), ((string?)bobMount["volumeId"], (string?)bobMount["owner"]));
        var aliceMount = Assert.Single((await MachineViewAsync(alices.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal((aliceVolume.FsxVolumeId, "alice"), ((string?)aliceMount["volumeId"], (string?)aliceMount["owner"]));
        Assert.Equal(2, (await ListVolumesAsync(admin)).Count);

        Assert.Equal(HttpStatusCode.NotFound, (await alice.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}")).StatusCode);
        var unconfirmed = await bob.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}");
        Assert.Equal(HttpStatusCode.BadRequest, unconfirmed.StatusCode);
        Assert.Contains("confirm", (await unconfirmed.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        var mounted = await bob.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}");
        Assert.Equal(HttpStatusCode.Conflict, mounted.StatusCode);

        await TerminateAsync(bob, bobs.Id);
        Assert.Null(Assert.Single(await ListVolumesAsync(bob)).MountedWorkspaceId);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/volumes/{bobVolume.Id}?confirm={bobVolume.Id}")).StatusCode);
        Assert.Empty(await ListVolumesAsync(bob));
        Assert.Single(await ListVolumesAsync(admin));

        var audit = await admin.GetFromJsonAsync<Audit.AuditPage>($"/api/v1/audit?target={bobVolume.Id}&action=volume.delete", ApiClient.Json);
        Assert.Equal(["succeeded", "rejected", "rejected"], audit!.Entries.Select(e => e.Outcome));
    }

    [Fact]
    public async Task Windows_gets_the_volume_as_D_and_a_second_live_workstation_skips_it_and_is_ready()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var windows = await ReadyWorkspaceAsync(alice, "windows");
        var mount = Assert.Single((await MachineViewAsync(windows.CloudWorkspaceId!))["mounts"]!.AsArray())!;
        Assert.Equal("D:", (string?)mount["mountPoint"]);

        var linux = await ReadyWorkspaceAsync(alice);

        // Skipped at once, not retried: nothing changes while the other workstation runs.
        var skipped = LastStep(linux, StepNames.MountVolume);
        Assert.Equal((StepStatus.Skipped, 1), (skipped.Status, linux.Steps.Count(s => s.Name == StepNames.MountVolume)));
        Assert.Contains(windows.Id.ToString(), skipped.LastError, StringComparison.Ordinal);
        Assert.Equal(StepStatus.Skipped, LastStep(linux, StepNames.ApplyDotfiles).Status);
        Assert.Equal(StepStatus.Succeeded, LastStep(linux, StepNames.InjectSecrets).Status);
        Assert.Null(linux.Error);
        Assert.Empty((await MachineViewAsync(linux.CloudWorkspaceId!))["mounts"]!.AsArray());
        Assert.Equal(windows.Id, Assert.Single(await ListVolumesAsync(alice)).MountedWorkspaceId);
        Assert.Contains(Logs.Lines, l => l.EventId == 3009 && l.Message.Contains(StepNames.MountVolume, StringComparison.Ordinal));
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
