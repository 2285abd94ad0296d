using System.Net;
using System.Net.Http.Json;
using Forge.Api.Workstation;
using Forge.Api.Dotfiles;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forge.Api.Tests.Dotfiles;

/// <summary>
/// Dotfile sync end to end on workstations Forge built: refusals (links out of home, private keys)
/// logged and kept off the volume, on-demand sync through the API, the 30-second apply budget, the
/// periodic sync's staging.
/// </summary>
public abstract class DotfileSyncTests : UserDataTestBase
{
    [Fact]
    public async Task Refused_dotfiles_are_not_synced_and_are_logged_and_on_demand_sync_answers_202()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
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
            w => w.Steps.Any(s => s.Name == StepNames.PersistDotfiles && s.Status != StepStatus.Running), TimeSpan.FromSeconds(1));
        Assert.Equal(StepStatus.Succeeded, persisted.Steps.Last(s => s.Name == StepNames.PersistDotfiles).Status);
        var refusals = Logs.Lines.Where(l => l.EventId == 5101).Select(l => l.Message).ToList();
        Assert.Contains(refusals, m => m.Contains(".vimrc refused (symlink-escapes-home)", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains(".ssh/config refused (symlink-escapes-home)", StringComparison.Ordinal));
        Assert.Contains(refusals, m => m.Contains(".aws/credentials refused (private-key-content)", StringComparison.Ordinal));
        Assert.All(Logs.Lines, l => Assert.DoesNotContain("MIIEsecret", l.Message, StringComparison.Ordinal));

        // What reached the volume: the next workstation gets .bashrc, and none of the refused files.
        var terminated = await TerminateAsync(alice, ready.Id);
        Assert.Equal(StepStatus.Succeeded, LastStep(terminated, StepNames.PersistDotfiles).Status);
        var next = await ReadyWorkspaceAsync(alice);
        var home = (await MachineViewAsync(next.CloudWorkspaceId!))["files"]!["home"]!.AsObject();
        Assert.Equal(["export EDITOR=vim\n"], home.Where(f => f.Key == ".bashrc").Select(f => (string?)f.Value!["content"]));
        Assert.DoesNotContain(home, f => f.Key is ".vimrc" or ".ssh/config" or ".aws/credentials" or ".ssh/id_rsa");
    }

    [Fact]
    public async Task A_dotfile_apply_that_outlasts_30_seconds_fails_its_step_not_the_workspace()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var created = await alice.CreateWorkspaceAsync();
        var building = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(created.Id), w => w.CloudWorkspaceId is not null, Step);
        await SlowDocumentAsync(building.CloudWorkspaceId!, Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles.Name, TimeSpan.FromMinutes(5));

        var ready = await UntilStatusAsync(alice, created.Id, WorkspaceStatus.Ready);

        var apply = LastStep(ready, StepNames.ApplyDotfiles);
        Assert.Equal((StepStatus.Failed, 1), (apply.Status, ready.Steps.Count(s => s.Name == StepNames.ApplyDotfiles)));
        Assert.Contains("did not finish within 30 s", apply.LastError, StringComparison.Ordinal);
        // Waited its whole 30 s budget (observed at the test's 15 s steps), then gave up: not the 5 minutes the script would take.
        var waited = apply.CompletedAt - apply.StartedAt;
        Assert.True(waited >= TimeSpan.FromSeconds(30) && waited < TimeSpan.FromSeconds(60), $"given up after {waited}");
        Assert.Null(ready.Error);
        Assert.Equal(StepStatus.Succeeded, LastStep(ready, StepNames.MountVolume).Status);
        Assert.Equal(StepStatus.Succeeded, LastStep(ready, StepNames.InjectSecrets).Status);
        Assert.Contains(Logs.Lines, l => l.EventId == 3007 && l.Message.Contains(StepNames.ApplyDotfiles, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_periodic_sync_gives_each_mounted_ready_workspace_one_job_at_a_time()
    {
        var forge = StartForgeWithLogs(new() { ["Dotfiles:PeriodicSyncPaused"] = "true" });
        var host = forge.Services.GetServices<IHostedService>().OfType<DotfileSyncHost>().Single();
        var alice = await forge.ClientForAsync("alice");
        var bob = await forge.ClientForAsync("bob");
        var mounted = await ReadyWorkspaceAsync(alice);
        // Its dotfiles were applied at its start: not due until a sync interval has passed since.
        var early = await host.RunOnceAsync(CancellationToken.None);
        var stopped = await ReadyWorkspaceAsync(bob);
        await TransitionAsync(bob, stopped.Id, "stop", WorkspaceStatus.Stopped); // its volume unmounted: nothing to persist
        await PutHomeFileAsync(mounted.CloudWorkspaceId!, ".zshrc", "setopt autocd\n");
        Clock.Advance(DotfileDefaults.SyncInterval);

        var first = await host.RunOnceAsync(CancellationToken.None);
        var second = await host.RunOnceAsync(CancellationToken.None);

        Assert.Equal((1, 0), (early.Examined, early.Acted));
        Assert.Equal((1, 1), (first.Examined, first.Acted));
        Assert.Equal((1, 0), (second.Examined, second.Acted));
        var persisted = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(mounted.Id),
            w => w.Steps.Any(s => s.Name == StepNames.PersistDotfiles && s.Status != StepStatus.Running), TimeSpan.FromSeconds(1));
        Assert.Equal(StepStatus.Succeeded, persisted.Steps.Last().Status);
    }
}

public sealed class DotfileSyncTestsOnSqlite : DotfileSyncTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class DotfileSyncTestsOnPostgres : DotfileSyncTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
