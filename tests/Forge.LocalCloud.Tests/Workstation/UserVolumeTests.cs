using Forge.LocalCloud.Machines;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Unmount = Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume;

namespace Forge.LocalCloud.Tests.Workstation;

public sealed class UserVolumeTests
{
    internal static Dictionary<string, string[]> Parameters(string volumeId, string name, string mountPoint = "home", string region = WorkstationWorld.Region) => new()
    {
        [Mount.VolumeId] = [volumeId],
        [Mount.NfsDnsName] = [WorkstationWorld.NfsDnsName(region)],
        [Mount.JunctionPath] = ["/" + name],
        [Mount.MountPoint] = [mountPoint],
        [Mount.OwnerDirectoryUser] = ["alice"],
    };

    [Fact]
    public async Task A_volume_mounts_only_once_it_is_CREATED()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");

        var creating = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice"));
        var mountsWhileCreating = (await world.MachineViewAsync(machine))["mounts"]!.AsArray().Count;
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var created = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice"));
        var mount = (await world.MachineViewAsync(machine))["mounts"]!.AsArray().Single()!;

        Assert.Equal(("Failed", 1, 0), (creating.Status, creating.ResponseCode, mountsWhileCreating));
        Assert.Contains("reason given by server: No such file or directory", creating.Error, StringComparison.Ordinal);
        Assert.Equal(("Success", 0), (created.Status, created.ResponseCode));
        Assert.Equal(("home", "/var/lib/forge/volumes/alice", volumeId, "/home_alice", "alice"),
            ((string)mount["mountPoint"]!, (string)mount["path"]!, (string)mount["volumeId"]!, (string)mount["junctionPath"]!, (string)mount["owner"]!));
    }

    [Fact]
    public async Task Linux_mounts_on_roots_folder_of_volumes_and_links_it_from_home_as_the_script_does()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));

        var run = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice"));
        var home = (await world.MachineViewAsync(machine))["files"]!["home"]!.AsObject();

        Assert.Equal(("Success", $"Mounted {volumeId} ({WorkstationWorld.NfsDnsName(WorkstationWorld.Region)}:/home_alice) at /var/lib/forge/volumes/alice for alice.\n"
            + "Linked ~/ForgeVolume to /var/lib/forge/volumes/alice.\n"), (run.Status, run.Output));
        Assert.Equal("/var/lib/forge/volumes/alice", (string)home["ForgeVolume"]!["symlinkTarget"]!);
    }

    [Fact]
    public async Task A_file_or_folder_of_the_user_at_ForgeVolume_is_left_alone_and_reported()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(joined: true);
        lock (machine.Gate)
        {
            machine.HomeFiles["ForgeVolume/notes"] = new MachineFile("mine\n", world.Clock.GetUtcNow());
        }

        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));

        var run = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice"));
        var home = (await world.MachineViewAsync(machine))["files"]!["home"]!.AsObject();

        Assert.Equal("Success", run.Status);
        Assert.EndsWith("~/ForgeVolume is a folder (or a file) of alice: left alone; the volume is at /var/lib/forge/volumes/alice.\n", run.Output, StringComparison.Ordinal);
        Assert.Equal(["ForgeVolume/notes"], home.Select(f => f.Key));
    }

    [Theory]
    [InlineData("Linux", "root")]
    [InlineData("Linux", "daemon")]
    [InlineData("Windows", "Administrator")]
    [InlineData("Windows", "SYSTEM")]
    public async Task Root_or_a_system_account_is_refused_as_the_owner(string platform, string owner)
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine(platform, joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));
        var parameters = Parameters(volumeId, "home_alice", platform == "Windows" ? "D:" : "home");
        parameters[Mount.OwnerDirectoryUser] = [owner];

        var run = await world.RunAsync(machine, Mount.Name, parameters);

        Assert.Equal("Failed", run.Status);
        Assert.Contains("system account", run.Error, StringComparison.Ordinal);
        Assert.Empty((await world.MachineViewAsync(machine))["mounts"]!.AsArray());
    }

    [Fact]
    public async Task A_volume_of_another_region_an_unknown_volume_or_a_wrong_endpoint_does_not_mount()
    {
        await using var world = await WorkstationWorld.StartAsync(null, "us-east-1", "us-west-2");
        var machine = world.AddMachine(joined: true);
        var west = await world.CreateVolumeAsync("home_bob", "us-west-2");
        var east = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(3));
        var wrongJunction = Parameters(east, "home_alice");
        wrongJunction[Mount.JunctionPath] = ["/home_carol"];

        var runs = new[]
        {
            await world.RunAsync(machine, Mount.Name, Parameters(west, "home_bob", region: "us-west-2")),
            await world.RunAsync(machine, Mount.Name, Parameters(west, "home_bob")),
            await world.RunAsync(machine, Mount.Name, Parameters("fsvol-0123456789abcdef0", "home_alice")),
            await world.RunAsync(machine, Mount.Name, wrongJunction),
        };

        Assert.All(runs, r => Assert.Equal(("Failed", 1), (r.Status, r.ResponseCode)));
        Assert.Contains("Failed to resolve server", runs[0].Error, StringComparison.Ordinal);
        Assert.Empty((await world.MachineViewAsync(machine))["mounts"]!.AsArray());
    }

    [Fact]
    public async Task The_owner_must_be_a_directory_user_so_the_machine_must_be_joined_first()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));

        var run = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice"));

        Assert.Equal("Forge-MountUserVolume: the directory user alice is unknown to this machine (is it joined?)", run.Error);
    }

    [Fact]
    public async Task Windows_maps_D_only_and_unmounting_removes_the_mapping()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine("Windows", joined: true);
        var volumeId = await world.CreateVolumeAsync("home_alice");
        world.Clock.Advance(TimeSpan.FromMinutes(2));

        var home = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice", "home"));
        var mapped = await world.RunAsync(machine, Mount.Name, Parameters(volumeId, "home_alice", "D:"));
        var mounts = (await world.MachineViewAsync(machine))["mounts"]!.AsArray();
        var unmounted = await world.RunAsync(machine, Unmount.Name, new() { [Unmount.MountPoint] = ["D:"] });
        var again = await world.RunAsync(machine, Unmount.Name, new() { [Unmount.MountPoint] = ["D:"] });

        Assert.Equal(("Failed", "Forge-MountUserVolume: Windows maps the user volume to D: only, not home"), (home.Status, home.Error));
        Assert.Equal("Success", mapped.Status);
        Assert.Equal(("D:", "D:"), ((string)mounts.Single()!["mountPoint"]!, (string)mounts.Single()!["path"]!));
        Assert.Equal(("Success", "Success", "No Forge user volume is mounted.\n"), (unmounted.Status, again.Status, again.Output));
        Assert.Empty((await world.MachineViewAsync(machine))["mounts"]!.AsArray());
    }
}
