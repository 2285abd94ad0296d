using Forge.Aws.Fsx;
using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Ssm;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;
using Directions = Forge.Aws.Ssm.ForgeDocuments.SyncDirections;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Forge-SyncDotfiles between <see cref="Machines.Machine.HomeFiles"/> and the mounted volume's
/// <c>&lt;owner&gt;/dotfiles/</c> folder; prints <c>{copied, kept, refused}</c> like the script.
/// </summary>
public sealed class SyncDotfilesHandler(FsxVolumeStore volumes) : IMachineDocumentHandler
{
    public string DocumentName => Sync.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!invocation.TryGet(Sync.Direction, out var direction))
        {
            return DocumentParameters.Missing(Sync.Name, Sync.Direction);
        }

        if (direction is not (Directions.VolumeToHome or Directions.HomeToVolume))
        {
            return DocumentParameters.Fail(Sync.Name, "Direction must be VolumeToHome or HomeToVolume");
        }

        var machine = invocation.Machine;
        var mountPoint = UserVolumes.MountPointOf(machine);
        lock (machine.Gate)
        {
            if (!machine.Mounts.TryGetValue(mountPoint, out var mount))
            {
                return DocumentParameters.Fail(Sync.Name, "no user volume is mounted: run Forge-MountUserVolume first");
            }

            var volume = volumes.FindVolume(mount.VolumeId);
            if (volume is null || volumes.LifecycleOf(volume) != VolumeLifecycle.Created)
            {
                return DocumentParameters.Fail(Sync.Name, $"the user volume is not mounted at {mount.Path}");
            }

            IDotfileSide home = new HomeSide(machine);
            IDotfileSide store = new VolumeSide(volume, UserVolumes.DotfilesFolder(mount.Owner));
            var sync = direction == Directions.VolumeToHome ? new DotfileSync(store, home) : new DotfileSync(home, store);
            return MachineDocumentResult.Success(sync.Run(invocation.List(Sync.Patterns)).ToJsonString() + "\n");
        }
    }
}
