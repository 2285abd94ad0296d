using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;

namespace Forge.LocalCloud.Tests.Workstation;

/// <summary>The local cloud refuses what the scripts refuse (Documents/LinuxScriptAttackTests, InjectEnvironmentScriptTests).</summary>
public sealed class DocumentRefusalTests
{
    [Fact]
    public async Task Names_the_rule_denies_are_skipped_and_reported_while_the_others_are_injected()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var npm = await world.CreateSecretAsync("dev/npm-token", "npm_4f9c2d7e1a");
        var evil = await world.CreateSecretAsync("dev/evil", "/tmp/evil.so");

        var run = await world.RunAsync(machine, Inject.Name, new() { [Inject.SecretReferences] = [$"PATH={evil}", $"NPM_TOKEN={npm}", $"LD_PRELOAD={evil}"] });
        var environment = (await world.MachineViewAsync(machine))["environment"]!.AsObject();

        Assert.Equal(("Success", 0), (run.Status, run.ResponseCode));
        Assert.Equal(
            """{"injected":["NPM_TOKEN"],"refused":[{"name":"PATH","reason":"denied-name"},{"name":"LD_PRELOAD","reason":"denied-name"}]}""",
            run.Output.Trim());
        Assert.Equal(["NPM_TOKEN"], environment.Select(e => e.Key));
    }

    [Fact]
    public async Task A_backup_name_linked_out_of_home_is_refused_and_nothing_is_written()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var (machine, volume) = await MountedAsync(world);
        var now = world.Clock.GetUtcNow();
        volume.WriteFile("alice/dotfiles/.bashrc", "from the volume\n", now);
        volume.WriteFile("alice/dotfiles/.vimrc", "set number\n", now);
        lock (machine.Gate)
        {
            machine.HomeFiles[".bashrc"] = new MachineFile("edited at home\n", now.AddMinutes(5));
            machine.HomeFiles[".bashrc.forge-backup"] = new MachineFile("", now, "/etc/passwd");
            machine.HomeFiles[".vimrc"] = new MachineFile("set nonumber\n", now.AddMinutes(5));
            machine.HomeFiles[".vimrc.forge-backup/kept"] = new MachineFile("a folder at the backup name\n", now);
        }

        var run = await world.RunAsync(machine, Sync.Name, new() { [Sync.Direction] = ["VolumeToHome"], [Sync.Patterns] = [".bashrc", ".vimrc"] });
        var home = (await world.MachineViewAsync(machine))["files"]!["home"]!.AsObject();

        Assert.Equal(("Success", 0), (run.Status, run.ResponseCode));
        Assert.Equal([".bashrc:symlink-escapes-home", ".vimrc:not-a-regular-file"], run.Json["refused"]!.AsArray().Select(r => $"{r!["path"]}:{r["reason"]}"));
        Assert.Empty(run.Json["kept"]!.AsArray());
        Assert.Equal(("edited at home\n", "set nonumber\n"), ((string)home[".bashrc"]!["content"]!, (string)home[".vimrc"]!["content"]!));
        // ForgeVolume: the link the mount made to the volume's mount path.
        Assert.Equal([".bashrc", ".bashrc.forge-backup", ".vimrc", ".vimrc.forge-backup/kept", "ForgeVolume"], home.Select(f => f.Key));
    }

    private static async Task<(Machine Machine, FsxVolume Volume)> MountedAsync(WorkstationWorld world)
    {
        var machine = world.AddMachine(joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal("Success", (await world.RunAsync(machine, Mount.Name, UserVolumeTests.Parameters(volumeId, "home_alice"))).Status);
        return (machine, world.Cloud.Services.GetRequiredService<FsxVolumeStore>().FindVolume(volumeId)!);
    }
}
