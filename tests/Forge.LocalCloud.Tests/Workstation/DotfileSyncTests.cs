using System.Text.Json.Nodes;
using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;

namespace Forge.LocalCloud.Tests.Workstation;

public sealed class DotfileSyncTests
{
    private const string Pem = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n";

    [Fact]
    public async Task Home_to_volume_copies_dotfiles_and_refuses_every_unsafe_path_without_writing_it()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var (machine, volume) = await MountedAsync(world);
        var now = world.Clock.GetUtcNow();
        lock (machine.Gate)
        {
            machine.HomeFiles[".bashrc"] = new MachineFile("alias ll='ls -l'\n", now);
            machine.HomeFiles[".config/git/config"] = new MachineFile("[user]\n\tname = Alice\n", now);
            machine.HomeFiles[".config/app/deploy.pem"] = new MachineFile(Pem, now);
            machine.HomeFiles[".config/shared"] = new MachineFile("", now, "../../srv/shared");
            machine.HomeFiles[".ssh/config"] = new MachineFile("Host *\n", now);
            machine.HomeFiles[".ssh/id_rsa"] = new MachineFile("not even PEM", now);
            machine.HomeFiles[".evil"] = new MachineFile("", now, "/etc/shadow");
            machine.HomeFiles[".profile"] = new MachineFile("", now, ".config/git/config");
        }

        var run = await world.RunAsync(machine, Sync.Name, Parameters("HomeToVolume",
            ".bashrc", ".config/**", ".ssh/*", ".evil", ".profile", "../etc/passwd", "/etc/shadow", "~root/.bashrc"));

        Assert.Equal(("Success", 0), (run.Status, run.ResponseCode));
        Assert.Equal([".bashrc", ".config/git/config", ".profile", ".ssh/config"], Strings(run.Json["copied"]));
        Assert.Empty(Strings(run.Json["kept"]));
        Assert.Equal(
            [
                "../etc/passwd:parent-directory", ".config/app/deploy.pem:private-key-content", ".config/shared:symlink-escapes-home",
                ".evil:symlink-escapes-home", ".ssh/id_rsa:private-key-name", "/etc/shadow:absolute-path", "~root/.bashrc:absolute-path",
            ],
            run.Json["refused"]!.AsArray().Select(r => $"{r!["path"]}:{r["reason"]}"));
        Assert.Equal(
            ["alice/dotfiles/.bashrc", "alice/dotfiles/.config/git/config", "alice/dotfiles/.profile", "alice/dotfiles/.ssh/config"],
            volume.ListFiles().Keys.Order(StringComparer.Ordinal));
        Assert.Equal("[user]\n\tname = Alice\n", volume.ReadFile("alice/dotfiles/.profile")!.Content);
    }

    [Fact]
    public async Task Volume_to_home_never_writes_a_private_key_or_through_a_link_out_of_home()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var (machine, volume) = await MountedAsync(world);
        var now = world.Clock.GetUtcNow();
        volume.WriteFile("alice/dotfiles/.vimrc", "set number\n", now);
        volume.WriteFile("alice/dotfiles/.ssh/id_ed25519", "anything", now);
        volume.WriteFile("alice/dotfiles/notes/key.txt", Pem, now);
        volume.WriteFile("alice/dotfiles/.cache/out", "escaping", now);
        volume.WriteFile("bob/dotfiles/.vimrc", "someone else's\n", now);
        lock (machine.Gate)
        {
            machine.HomeFiles[".cache"] = new MachineFile("", now, "/var/tmp");
        }

        var run = await world.RunAsync(machine, Sync.Name, Parameters("VolumeToHome", "**"));
        var home = (await world.MachineViewAsync(machine))["files"]!["home"]!.AsObject();

        Assert.Equal([".vimrc"], Strings(run.Json["copied"]));
        Assert.Equal(
            [".cache/out:symlink-escapes-home", ".ssh/id_ed25519:private-key-name", "notes/key.txt:private-key-content"],
            run.Json["refused"]!.AsArray().Select(r => $"{r!["path"]}:{r["reason"]}"));
        // ForgeVolume: the link the mount made to the volume's mount path.
        Assert.Equal([".cache", ".vimrc", "ForgeVolume"], home.Select(f => f.Key));
        Assert.Equal("set number\n", (string)home[".vimrc"]!["content"]!);
    }

    [Fact]
    public async Task The_newest_copy_wins_and_the_other_is_kept_as_a_forge_backup()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var (machine, volume) = await MountedAsync(world);
        volume.WriteFile("alice/dotfiles/.bashrc", "from the volume\n", world.Clock.GetUtcNow());
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        await world.Control.PutAsync(new Uri($"_localcloud/machines/{machine.WorkspaceId}/files/.bashrc", UriKind.Relative),
            new StringContent("edited at home\n"));

        var olderSource = await world.RunAsync(machine, Sync.Name, Parameters("VolumeToHome", ".bashrc"));
        var afterKeep = (await world.MachineViewAsync(machine))["files"]!["home"]!;
        world.Clock.Advance(TimeSpan.FromMinutes(5));
        volume.WriteFile("alice/dotfiles/.bashrc", "newer on the volume\n", world.Clock.GetUtcNow());
        var newerSource = await world.RunAsync(machine, Sync.Name, Parameters("VolumeToHome", ".bashrc"));
        var afterCopy = (await world.MachineViewAsync(machine))["files"]!["home"]!;
        var unchanged = await world.RunAsync(machine, Sync.Name, Parameters("VolumeToHome", ".bashrc"));

        Assert.Empty(Strings(olderSource.Json["copied"]));
        Assert.Equal([".bashrc"], Strings(olderSource.Json["kept"]));
        Assert.Equal(("edited at home\n", "from the volume\n"),
            ((string)afterKeep[".bashrc"]!["content"]!, (string)afterKeep[".bashrc.forge-backup"]!["content"]!));
        Assert.Equal([".bashrc"], Strings(newerSource.Json["copied"]));
        Assert.Equal(("newer on the volume\n", "edited at home\n"),
            ((string)afterCopy[".bashrc"]!["content"]!, (string)afterCopy[".bashrc.forge-backup"]!["content"]!));
        Assert.Empty(Strings(unchanged.Json["copied"]));
        Assert.Equal([".bashrc"], Strings(unchanged.Json["kept"]));
    }

    [Fact]
    public async Task Syncing_needs_the_user_volume_mounted()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(joined: true);

        var run = await world.RunAsync(machine, Sync.Name, Parameters("HomeToVolume", ".bashrc"));

        Assert.Equal(("Failed", "Forge-SyncDotfiles: no user volume is mounted: run Forge-MountUserVolume first"), (run.Status, run.Error));
    }

    private static Dictionary<string, string[]> Parameters(string direction, params string[] patterns) => new()
    {
        [Sync.Direction] = [direction],
        [Sync.Patterns] = patterns,
    };

    private static List<string> Strings(JsonNode? array) => [.. array!.AsArray().Select(n => (string)n!)];

    /// <summary>A joined Linux machine with alice's CREATED volume mounted at home.</summary>
    private static async Task<(Machine Machine, FsxVolume Volume)> MountedAsync(WorkstationWorld world)
    {
        var machine = world.AddMachine(joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var mounted = await world.RunAsync(machine, Mount.Name, UserVolumeTests.Parameters(volumeId, "home_alice"));
        Assert.Equal("Success", mounted.Status);
        return (machine, world.Cloud.Services.GetRequiredService<FsxVolumeStore>().FindVolume(volumeId)!);
    }
}
