using Forge.Aws.Fsx;
using Forge.Aws.Ssm;
using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Ssm;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Unmount = Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Forge-MountUserVolume: NFS on root's /var/lib/forge/volumes/&lt;owner&gt; with the ~/ForgeVolume link on
/// Linux, D: on Windows. The volume must be a CREATED volume of the machine's region reached through its
/// SVM's DNS name and junction path; anything else fails as mount.nfs or New-SmbGlobalMapping would. The
/// owner is never root or a system account of the machine.
/// </summary>
public sealed class MountUserVolumeHandler(FsxVolumeStore volumes) : IMachineDocumentHandler
{
    public string DocumentName => Mount.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { Mount.VolumeId, Mount.NfsDnsName, Mount.JunctionPath, Mount.MountPoint, Mount.OwnerDirectoryUser })
        {
            if (!invocation.TryGet(name, out var value))
            {
                return DocumentParameters.Missing(Mount.Name, name);
            }

            values[name] = value;
        }

        var (volumeId, dnsName, junctionPath) = (values[Mount.VolumeId], values[Mount.NfsDnsName], values[Mount.JunctionPath]);
        var (mountPoint, owner) = (values[Mount.MountPoint], values[Mount.OwnerDirectoryUser]);
        var machine = invocation.Machine;
        var expected = UserVolumes.MountPointOf(machine);
        if (mountPoint != expected)
        {
            return DocumentParameters.Fail(Mount.Name, invocation.IsWindows()
                ? $"Windows maps the user volume to D: only, not {mountPoint}"
                : $"Linux mounts the user volume at the 'home' mount point only, not {mountPoint}");
        }

        lock (machine.Gate)
        {
            if (!machine.Domain.Joined)
            {
                return DocumentParameters.Fail(Mount.Name, $"the directory user {owner} is unknown to this machine (is it joined?)");
            }
        }

        if (UserVolumes.IsSystemAccount(machine, owner))
        {
            return DocumentParameters.Fail(Mount.Name, invocation.IsWindows()
                ? $"{owner} is a built-in or system account: Forge works only for directory users"
                : $"{owner} is root or a system account: Forge mounts volumes only for directory users");
        }

        var remote = invocation.IsWindows() ? $@"\\{dnsName}\{junctionPath.Trim('/').Replace('/', '_')}" : $"{dnsName}:{junctionPath}";
        var problem = CheckVolume(machine, volumeId, dnsName, junctionPath, remote, invocation.IsWindows());
        return problem ?? Attach(machine, mountPoint, new MachineMount(volumeId, junctionPath, owner, UserVolumes.MountPathOf(machine, owner)), remote, invocation.Now);
    }

    private MachineDocumentResult? CheckVolume(Machine machine, string volumeId, string dnsName, string junctionPath, string remote, bool windows)
    {
        var volume = volumes.FindVolume(volumeId);
        var reachable = volume is not null && volume.Region == machine.Region
            && string.Equals(dnsName, UserVolumes.NfsDnsName(volume), StringComparison.OrdinalIgnoreCase);
        if (!reachable)
        {
            return DocumentParameters.Fail(Mount.Name, windows
                ? $"could not map {remote} to D:: The network path was not found."
                : $"could not mount {remote} at the home folder\nmount.nfs: Failed to resolve server {dnsName}: Name or service not known");
        }

        // A volume still CREATING (or being deleted) has no junction on the SVM yet: the export is absent.
        if (volumes.LifecycleOf(volume!) != VolumeLifecycle.Created || volume!.JunctionPath != junctionPath)
        {
            return DocumentParameters.Fail(Mount.Name, windows
                ? $"could not map {remote} to D:: The network name cannot be found."
                : $"could not mount {remote} at the home folder\nmount.nfs: mounting {remote} failed, reason given by server: No such file or directory");
        }

        return null;
    }

    private static MachineDocumentResult Attach(Machine machine, string mountPoint, MachineMount mount, string remote, DateTimeOffset now)
    {
        lock (machine.Gate)
        {
            if (machine.Mounts.TryGetValue(mountPoint, out var current) && current.VolumeId != mount.VolumeId)
            {
                return DocumentParameters.Fail(Mount.Name, $"{mount.Path} already has the volume {current.VolumeId} mounted");
            }

            machine.Mounts[mountPoint] = mount;
            var mounted = $"Mounted {mount.VolumeId} ({remote}) at {mount.Path} for {mount.Owner}.\n";
            return MachineDocumentResult.Success(machine.Platform == "Windows" ? mounted : mounted + LinkHome(machine, mount, now));
        }
    }

    /// <summary>
    /// The user's ~/ForgeVolume link to the mount path, made (as the user) only where nothing or a link is;
    /// a file or folder of theirs there is left alone. Call under the machine's lock.
    /// </summary>
    private static string LinkHome(Machine machine, MachineMount mount, DateTimeOffset now)
    {
        const string name = UserVolumes.HomeLinkName;
        var existing = machine.HomeFiles.GetValueOrDefault(name);
        var folder = machine.HomeFiles.Keys.Any(k => k.StartsWith(name + "/", StringComparison.Ordinal));
        if (folder || existing is { SymlinkTarget: null })
        {
            return $"~/{name} is a folder (or a file) of {mount.Owner}: left alone; the volume is at {mount.Path}.\n";
        }

        machine.HomeFiles[name] = new MachineFile("", now, mount.Path);
        return $"Linked ~/{name} to {mount.Path}.\n";
    }
}

/// <summary>Forge-UnmountUserVolume: detaches the user volume; nothing mounted is not an error.</summary>
public sealed class UnmountUserVolumeHandler : IMachineDocumentHandler
{
    public string DocumentName => Unmount.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!invocation.TryGet(Unmount.MountPoint, out var mountPoint))
        {
            return DocumentParameters.Missing(Unmount.Name, Unmount.MountPoint);
        }

        var machine = invocation.Machine;
        if (mountPoint != UserVolumes.MountPointOf(machine))
        {
            return DocumentParameters.Fail(Unmount.Name, invocation.IsWindows()
                ? $"Windows maps the user volume to D: only, not {mountPoint}"
                : $"Linux has the user volume at the 'home' mount point only, not {mountPoint}");
        }

        lock (machine.Gate)
        {
            return machine.Mounts.Remove(mountPoint, out var removed)
                ? MachineDocumentResult.Success($"Unmounted the user volume {removed.VolumeId} from {removed.Path}.\n")
                : MachineDocumentResult.Success("No Forge user volume is mounted.\n");
        }
    }
}

/// <summary>Where the user volume goes on each platform and how it is reached.</summary>
internal static class UserVolumes
{
    public static string MountPointOf(Machine machine) =>
        machine.Platform == "Windows" ? ForgeDocuments.MountPoints.DriveD : ForgeDocuments.MountPoints.Home;

    /// <summary>The user's link in their home folder to the volume (Linux).</summary>
    public const string HomeLinkName = "ForgeVolume";

    /// <summary>Accounts of the fake machine that are root or system accounts (uid below 1000 on Linux; built-in on Windows).</summary>
    private static readonly HashSet<string> LinuxSystemAccounts = new(StringComparer.Ordinal)
    {
        "root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp", "proxy", "www-data", "backup", "list", "irc", "nobody", "sshd",
    };

    private static readonly HashSet<string> WindowsSystemAccounts = new(StringComparer.OrdinalIgnoreCase)
    {
        "Administrator", "Guest", "DefaultAccount", "WDAGUtilityAccount", "krbtgt", "SYSTEM", "LOCAL SERVICE", "NETWORK SERVICE",
    };

    /// <summary>
    /// Where the volume is mounted: root's /var/lib/forge/volumes/&lt;owner&gt; on Linux (never a folder the
    /// user can change), D: on Windows.
    /// </summary>
    public static string MountPathOf(Machine machine, string owner) =>
        machine.Platform == "Windows" ? ForgeDocuments.MountPoints.DriveD : "/var/lib/forge/volumes/" + owner;

    /// <summary>
    /// The documents refuse root, system accounts and names that are paths as the volume's owner (the scripts
    /// by uid or SID; the fake machine by its account names).
    /// </summary>
    public static bool IsSystemAccount(Machine machine, string owner) =>
        owner is "" or "." or ".." || owner.Contains('/', StringComparison.Ordinal) || owner.Contains('\\', StringComparison.Ordinal)
        || (machine.Platform == "Windows" ? WindowsSystemAccounts : LinuxSystemAccounts).Contains(owner);

    /// <summary>The SVM's NFS endpoint, as DescribeStorageVirtualMachines reports it.</summary>
    public static string NfsDnsName(FsxVolume volume) =>
        $"{volume.StorageVirtualMachineId}.{volume.FileSystemId}.fsx.{volume.Region}.amazonaws.com";

    /// <summary>The per-user folder of the volume that holds the user's dotfiles.</summary>
    public static string DotfilesFolder(string owner) => owner + "/dotfiles/";
}
