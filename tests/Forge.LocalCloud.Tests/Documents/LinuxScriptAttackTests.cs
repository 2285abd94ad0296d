using System.Text.Json.Nodes;
using Directions = Forge.Aws.Ssm.ForgeDocuments.SyncDirections;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;
using Unmount = Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>
/// A developer owns their home folder and their volume: whatever they plant there (links, setuid files,
/// folders where a file goes) must not let the root-run documents write outside what they could write
/// themselves. The real Linux scripts run against a throwaway tree: <c>$T/home</c> is the user's home,
/// <c>$T/home/ForgeVolume</c> the mounted volume for the sync (where older versions mounted it; the sync
/// takes the path from the record), <c>$T/var/lib/forge/volumes</c> the volumes' root for the mount and
/// <c>$T/etc/passwd</c> a root-owned victim file.
/// </summary>
public sealed class LinuxScriptAttackTests : IDisposable
{
    private const string Store = "home/ForgeVolume/" + ScriptSandbox.User + "/dotfiles";
    private const string FakePasswd = "root:x:0:0:root:/root:/bin/bash\n";
    private const string UserVolumePath = "var/lib/forge/volumes/" + ScriptSandbox.User;

    /// <summary>getent passwd as the system answers, with the home folder moved into the tree.</summary>
    private const string HomeInSandbox = "set -o pipefail\n/usr/bin/getent \"$@\" | awk -F: -v home=\"$T/home\" 'BEGIN { OFS = \":\" } { $6 = home; print }'";

    private const string SyncCall = "sync_dotfiles \"$U\" \"$T/home\" \"$T/home/ForgeVolume\"";

    private readonly ScriptSandbox _box = ScriptSandbox.Create();
    private readonly string _realPasswd = ScriptSandbox.Sha256("/etc/passwd");

    public LinuxScriptAttackTests() =>
        _box.Setup($"""
            install -d -m 0755 "$T/etc"
            printf '%s' '{FakePasswd}' >"$T/etc/passwd"
            chmod 0644 "$T/etc/passwd"
            install -d -m 0755 -o "$U" -g "$(id -gn "$U")" "$T/home" "$T/home/ForgeVolume" "$T/home/ForgeVolume/$U" "$T/{Store}"
            """);

    [RootTheory]
    [InlineData(Directions.VolumeToHome, "home")]
    [InlineData(Directions.HomeToVolume, Store)]
    public void A_backup_name_linked_to_a_system_file_is_refused_and_the_file_is_untouched(string direction, string linkSide)
    {
        // Both copies differ, so the older one is kept as .bashrc.forge-backup: the planted link.
        _box.Setup($"""
            printf 'home\n' >"$T/home/.bashrc"
            printf 'volume\n' >"$T/{Store}/.bashrc"
            touch -d '{(direction == "VolumeToHome" ? "2020-01-01" : "2030-01-01")}' "$T/{Store}/.bashrc"
            ln -s "$T/etc/passwd" "$T/{linkSide}/.bashrc.forge-backup"
            chown -h "$U:" "$T/home/.bashrc" "$T/{Store}/.bashrc" "$T/{linkSide}/.bashrc.forge-backup"
            """);

        var run = RunSync(direction, ".bashrc");

        AssertVictimsUntouched();
        Assert.Contains(".bashrc:symlink-escapes-home", Refused(run));
        Assert.Equal(("home\n", "volume\n"), (File.ReadAllText(_box.Path("home/.bashrc")), File.ReadAllText(_box.Path($"{Store}/.bashrc"))));
    }

    [RootFact]
    public void A_dotfiles_folder_linked_to_a_system_folder_is_refused_without_writing_there()
    {
        _box.Setup($"""
            rmdir "$T/{Store}"
            ln -s "$T/etc" "$T/{Store}"
            printf 'evil::0:0::/:/bin/sh\n' >"$T/home/passwd"
            chown -h "$U:" "$T/{Store}" "$T/home/passwd"
            """);

        var run = RunSync(Directions.HomeToVolume, "passwd");

        AssertVictimsUntouched();
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("link", run.Error, StringComparison.Ordinal);
    }

    [RootFact]
    public void A_home_folder_linked_out_of_home_is_refused_for_every_file_below_it()
    {
        _box.Setup($"""
            ln -s "$T/etc" "$T/home/.config"
            install -d -o "$U" "$T/{Store}/.config"
            printf 'evil::0:0::/:/bin/sh\n' >"$T/{Store}/.config/passwd"
            chown -h "$U:" "$T/home/.config" "$T/{Store}/.config/passwd"
            """);

        var run = RunSync(Directions.VolumeToHome, ".config/*");

        AssertVictimsUntouched();
        Assert.Equal([".config/passwd:symlink-escapes-home"], Refused(run));
    }

    [RootFact]
    public void A_setuid_or_setgid_dotfile_arrives_as_a_plain_user_file()
    {
        _box.Setup($"""
            printf '#!/bin/sh\nid\n' >"$T/{Store}/.tool"
            printf '#!/bin/sh\nid\n' >"$T/{Store}/.group-tool"
            chown "$U:" "$T/{Store}/.tool" "$T/{Store}/.group-tool"
            chmod 4755 "$T/{Store}/.tool"
            chmod 2755 "$T/{Store}/.group-tool"
            """);

        var run = RunSync(Directions.VolumeToHome, ".tool", ".group-tool");

        Assert.Equal([".group-tool", ".tool"], Strings(run, "copied"));
        // Only read and write bits travel: never setuid, setgid, sticky or exec from a user's file.
        Assert.Equal($"{ScriptSandbox.User} 644 regular file", _box.Stat("home/.tool"));
        Assert.Equal($"{ScriptSandbox.User} 644 regular file", _box.Stat("home/.group-tool"));
        Assert.Equal("#!/bin/sh\nid\n", File.ReadAllText(_box.Path("home/.tool")));
    }

    [RootFact]
    public void The_state_a_rename_race_leaves_never_yields_a_root_owned_or_setuid_file()
    {
        // The race renamed root's fresh copy away before its chown; a folder at the backup name makes cp
        // put the copy inside it while chown changes the folder: the same end state, every time.
        _box.Setup($"""
            printf '#!/bin/sh\nid\n' >"$T/{Store}/.tool"
            touch -d 2020-01-01 "$T/{Store}/.tool"
            chmod 4755 "$T/{Store}/.tool"
            printf 'mine\n' >"$T/home/.tool"
            mkdir "$T/home/.tool.forge-backup"
            chown "$U:" "$T/{Store}/.tool" "$T/home/.tool" "$T/home/.tool.forge-backup"
            """);

        var run = RunSync(Directions.VolumeToHome, ".tool");

        Assert.Equal("", _box.Setup("find \"$T/home\" \\( -user root -o -perm /6000 \\) -print"));
        Assert.Equal([".tool:not-a-regular-file"], Refused(run));
        Assert.Equal("mine\n", File.ReadAllText(_box.Path("home/.tool")));
    }

    [RootFact]
    public void A_normal_sync_copies_dotfiles_as_the_users_files_and_keeps_the_older_copy_as_a_backup()
    {
        _box.Setup($"""
            printf "alias ll='ls -l'\n" >"$T/home/.bashrc"
            install -d -o "$U" "$T/home/.config" "$T/home/.config/git"
            printf '[user]\n\tname = Alice\n' >"$T/home/.config/git/config"
            chmod 0600 "$T/home/.config/git/config"
            chown "$U:" "$T/home/.bashrc" "$T/home/.config/git/config"
            """);

        var toVolume = RunSync(Directions.HomeToVolume, ".bashrc", ".config/**");

        Assert.Equal([".bashrc", ".config/git/config"], Strings(toVolume, "copied"));
        Assert.Equal($"{ScriptSandbox.User} 644 regular file", _box.Stat($"{Store}/.bashrc"));
        Assert.Equal($"{ScriptSandbox.User} 600 regular file", _box.Stat($"{Store}/.config/git/config"));
        Assert.Equal($"{ScriptSandbox.User} 700 directory", _box.Stat($"{Store}/.config/git"));
        Assert.Equal("[user]\n\tname = Alice\n", File.ReadAllText(_box.Path($"{Store}/.config/git/config")));

        _box.Setup($"""
            printf 'export EDITOR=vim\n' >"$T/home/.bashrc"
            touch -d 2020-01-01 "$T/{Store}/.bashrc"
            """);
        var toHome = RunSync(Directions.VolumeToHome, ".bashrc");

        Assert.Equal([".bashrc"], Strings(toHome, "kept"));
        Assert.Equal("export EDITOR=vim\n", File.ReadAllText(_box.Path("home/.bashrc")));
        Assert.Equal("alias ll='ls -l'\n", File.ReadAllText(_box.Path("home/.bashrc.forge-backup")));
        Assert.Equal($"{ScriptSandbox.User} 644 regular file", _box.Stat("home/.bashrc.forge-backup"));
    }

    [RootTheory]
    [InlineData("vol/" + ScriptSandbox.User)]
    [InlineData("vol/" + ScriptSandbox.User + "/dotfiles")]
    public void Making_the_volume_folders_never_follows_a_link_the_user_planted(string link)
    {
        _box.Setup($"""
            install -d -m 0755 -o "$U" "$T/vol"
            mkdir -p "$(dirname "$T/{link}")"
            ln -s "$T/etc" "$T/{link}"
            chown -hR "$U:" "$T/vol"
            """);

        var run = _box.Bash("make_volume_folders \"$U\" \"$T/vol\"", _box.WriteScript(Mount.Name));

        Assert.NotEqual(0, run.ExitCode);
        Assert.Equal("root 755 directory", _box.Stat("etc"));
        Assert.False(Directory.Exists(_box.Path("etc/dotfiles")));
        AssertVictimsUntouched();
    }

    [RootTheory]
    [InlineData("root")]
    [InlineData(ScriptSandbox.User)]
    public void The_volume_folders_are_made_the_users_whoever_owns_the_volume_root(string volumeRootOwner)
    {
        _box.Setup($"install -d -m 0755 -o {volumeRootOwner} \"$T/vol\"");

        var run = _box.Bash("make_volume_folders \"$U\" \"$T/vol\"", _box.WriteScript(Mount.Name));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{ScriptSandbox.User} 700 directory", _box.Stat($"vol/{ScriptSandbox.User}"));
        Assert.Equal($"{ScriptSandbox.User} 700 directory", _box.Stat($"vol/{ScriptSandbox.User}/dotfiles"));
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_volume_is_mounted_only_on_a_root_owned_path_whatever_the_user_plants_in_home(bool linkPlanted)
    {
        if (linkPlanted)
        {
            // A link planted where the old mount point was: root must never mount through it.
            _box.Setup("""
                rm -r "$T/home/ForgeVolume"
                ln -s "$T/etc" "$T/home/ForgeVolume"
                chown -h "$U:" "$T/home/ForgeVolume"
                """);
        }
        else
        {
            _box.Setup("rm -r \"$T/home/ForgeVolume\"");
        }

        var run = RunMount(ScriptSandbox.User);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(File.Exists(_box.Path("mount-calls")), $"mount was not called\n{run}");
        // The shim mount records its arguments: the mount target is the last.
        Assert.EndsWith($"svm.example.com:/home_u {_box.Path(UserVolumePath)}", File.ReadAllText(_box.Path("mount-calls")).Trim(), StringComparison.Ordinal);
        // Every folder root mounts through, from the tree's root to the mount point, is root's, no link
        // and writable by no one else: nothing the user controls is on the way.
        var way = "";
        foreach (var part in UserVolumePath.Split('/'))
        {
            way = way.Length == 0 ? part : $"{way}/{part}";
            Assert.Matches("^root [0-7]?[0-7][0-5][0-5] directory$", _box.Stat(way));
        }

        Assert.Equal("root 755 directory", _box.Stat(UserVolumePath));
        Assert.Equal($"MOUNT_PATH={_box.Path(UserVolumePath)}", File.ReadAllLines(_box.Path("sys/forge/user-volume.conf"))[1]);
        Assert.Contains($"svm.example.com:/home_u {_box.Path(UserVolumePath)} nfs ", File.ReadAllText(_box.Path("sys/fstab")), StringComparison.Ordinal);
        AssertVictimsUntouched();
        Assert.Equal("passwd", Path.GetFileName(Assert.Single(Directory.GetFileSystemEntries(_box.Path("etc")))));
    }

    [RootFact]
    public void The_home_link_to_the_volume_is_made_by_the_user()
    {
        _box.Setup("rm -r \"$T/home/ForgeVolume\"");

        var run = RunMount(ScriptSandbox.User);

        Assert.True(run.ExitCode == 0, run.ToString());
        // Made by the user: a link root never writes through, owned by them (stat does not follow it).
        Assert.Equal($"{ScriptSandbox.User} 777 symbolic link", _box.Stat("home/ForgeVolume"));
        Assert.Equal(_box.Path(UserVolumePath), _box.Setup("readlink \"$T/home/ForgeVolume\"").Trim());
    }

    [RootFact]
    public void A_real_folder_at_the_home_link_name_is_left_alone_and_reported()
    {
        _box.Setup("""
            printf 'mine\n' >"$T/home/ForgeVolume/notes"
            chown "$U:" "$T/home/ForgeVolume/notes"
            """);

        var run = RunMount(ScriptSandbox.User);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"{ScriptSandbox.User} 755 directory", _box.Stat("home/ForgeVolume"));
        Assert.Equal("mine\n", File.ReadAllText(_box.Path("home/ForgeVolume/notes")));
        Assert.Contains("is a folder", run.Output, StringComparison.Ordinal);
        Assert.EndsWith($"svm.example.com:/home_u {_box.Path(UserVolumePath)}", File.ReadAllText(_box.Path("mount-calls")).Trim(), StringComparison.Ordinal);
    }

    [RootTheory]
    [InlineData("root")]
    [InlineData("daemon")]
    public void Root_or_a_system_account_as_the_owner_is_refused_by_the_mount_and_the_sync(string owner)
    {
        var mount = RunMount(owner);

        Assert.NotEqual(0, mount.ExitCode);
        Assert.Contains("system account", mount.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(_box.Path("mount-calls")), "mount ran for " + owner);

        _box.Setup($"""
            install -d -m 0755 "$T/sys/forge"
            printf 'VOLUME_ID=fsvol-0\nMOUNT_PATH=%s\nOWNER=%s\n' "$T/home/ForgeVolume" {owner} >"$T/sys/forge/user-volume.conf"
            """);
        var sync = _box.Bash("record=$T/sys/forge/user-volume.conf\nmain",
            _box.WriteScript(Sync.Name, new Dictionary<string, string[]> { [Sync.Patterns] = [".bashrc"] }),
            new Dictionary<string, string> { ["SSM_Direction"] = Directions.VolumeToHome },
            new Dictionary<string, string> { ["mountpoint"] = "exit 0", ["getent"] = HomeInSandbox });

        Assert.NotEqual(0, sync.ExitCode);
        Assert.Contains("system account", sync.Error, StringComparison.Ordinal);
    }

    [RootFact]
    public void The_volume_is_mounted_nosuid_nodev()
    {
        var run = RunMount(ScriptSandbox.User);

        Assert.True(run.ExitCode == 0, run.ToString());
        var call = File.ReadAllText(_box.Path("mount-calls")).Trim();
        var options = call.Split(' ')[call.Split(' ').ToList().IndexOf("-o") + 1].Split(',');
        Assert.Contains("nosuid", options);
        Assert.Contains("nodev", options);
    }

    [RootFact]
    public void Unmounting_never_follows_a_link_planted_at_the_mount_point()
    {
        // Not mounted (a boot with nofail that missed the volume), the mount point is an ordinary folder of the user's.
        _box.Setup("""
            rm -r "$T/home/ForgeVolume"
            ln -s / "$T/home/ForgeVolume"
            chown -h "$U:" "$T/home/ForgeVolume"
            """);

        _box.Bash("unmount_volume \"$T/home/ForgeVolume\"", _box.WriteScript(Unmount.Name),
            shims: new Dictionary<string, string> { ["umount"] = "echo \"$@\" >>\"$T/umount-calls\"" });

        Assert.False(File.Exists(_box.Path("umount-calls")), "umount ran on what a link points to");
    }

    public void Dispose() => _box.Dispose();

    /// <summary>
    /// Forge-MountUserVolume's main as SSM runs it, for <paramref name="owner"/> whose home is <c>$T/home</c>;
    /// fstab and /etc/forge are <c>$T/sys</c>, the volumes' root <c>$T/var/lib/forge/volumes</c>, and mount
    /// a shim that records its arguments (nothing is mounted).
    /// </summary>
    private ScriptRun RunMount(string owner) =>
        _box.Bash("volumes_root=$T/var/lib/forge/volumes fstab=$T/sys/fstab forge_dir=$T/sys/forge\ninstall -d -m 0755 \"$T/sys\"\ntouch \"$fstab\"\nmain",
            _box.WriteScript(Mount.Name),
            new Dictionary<string, string>
            {
                ["SSM_VolumeId"] = "fsvol-0123456789abcdef0",
                ["SSM_NfsDnsName"] = "svm.example.com",
                ["SSM_JunctionPath"] = "/home_u",
                ["SSM_MountPoint"] = "home",
                ["SSM_OwnerDirectoryUser"] = owner,
            },
            new Dictionary<string, string>
            {
                ["mount"] = "echo \"$@\" >>\"$T/mount-calls\"",
                ["mount.nfs"] = "exit 0",
                ["getent"] = HomeInSandbox,
            });

    private ScriptRun RunSync(string direction, params string[] patterns) =>
        _box.Bash(SyncCall, _box.WriteScript(Sync.Name, new Dictionary<string, string[]> { [Sync.Patterns] = patterns }),
            new Dictionary<string, string> { ["SSM_Direction"] = direction });

    private void AssertVictimsUntouched()
    {
        Assert.Equal(FakePasswd, File.ReadAllText(_box.Path("etc/passwd")));
        Assert.Equal("root 644 regular file", _box.Stat("etc/passwd"));
        Assert.Equal(_realPasswd, ScriptSandbox.Sha256("/etc/passwd"));
    }

    private static JsonObject Report(ScriptRun run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        return JsonNode.Parse(run.Output)!.AsObject();
    }

    private static List<string> Strings(ScriptRun run, string member) => [.. Report(run)[member]!.AsArray().Select(n => (string)n!)];

    private static List<string> Refused(ScriptRun run) =>
        [.. Report(run)["refused"]!.AsArray().Select(r => $"{r!["path"]}:{r["reason"]}")];
}

