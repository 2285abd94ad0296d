using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Forge.Aws.Fsx;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;
using Unmount = Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume;

namespace Forge.Api.Volumes;

/// <summary>
/// The user volume steps of a workstation's life: after it is AVAILABLE, mount the owner's volume of
/// that region (made on first need) at the Linux home or D:; before it stops or terminates, unmount
/// it and keep it. The volume is always looked up by the workspace's owner: never another user's.
/// A failure is recorded as the step's outcome and returned, it does not fail the workspace.
/// </summary>
public sealed partial class UserVolumeSteps(
    ForgeDbContext db, UserVolumeProvisioner provisioner, WorkstationCommandRunner commands, FsxClient fsx, AuditLog audit,
    TimeProvider timeProvider, IOptions<VolumeOptions> options, ILogger<UserVolumeSteps> logger)
{
    public async Task<UserDataStepResult> MountAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        UserDataStepResult result;
        try
        {
            result = await MountAsync(workspace, cancellationToken);
        }
        catch (Exception e) when (e is WorkstationCommandException or UserVolumeInUseException or Forge.Aws.AwsServiceException
            && !cancellationToken.IsCancellationRequested)
        {
            result = UserDataStepResult.Failed(UserDataSteps.MountVolume, e.Message);
        }

        if (!result.Succeeded)
        {
            LogStepFailed(logger, workspaceId, result.Step, result.Error);
        }

        await UserDataSteps.RecordAsync(db, workspaceId, result, started, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    private async Task<UserDataStepResult> MountAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var (volume, command) = await PrepareMountAsync(workspace, cancellationToken);
        var run = await commands.RunAsync(workspace.CloudWorkspaceId!, workspace.Region, command.Document, command.Parameters,
            options.Value.CommandTimeout, cancellationToken);
        if (!run.Succeeded)
        {
            return UserDataStepResult.Failed(UserDataSteps.MountVolume, run.FailureReason);
        }

        await CompleteMountAsync(workspace, volume, cancellationToken);
        return UserDataStepResult.Ok(UserDataSteps.MountVolume, volume.FsxVolumeId);
    }

    /// <summary>
    /// The first half of the mount, for a pipeline that sends commands itself: the owner's volume of the
    /// workspace's region, CREATED (made and waited on when needed), and the Forge-MountUserVolume
    /// command for it. Throws <see cref="WorkstationCommandException"/> while another live workspace holds it.
    /// </summary>
    public async Task<(UserVolume Volume, WorkstationDocumentRun Command)> PrepareMountAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var volume = await provisioner.EnsureAsync(workspace.OwnerId, workspace.DirectoryUser, workspace.Region, cancellationToken);
        return (volume, await MountCommandAsync(workspace, volume, cancellationToken));
    }

    /// <summary>
    /// The Forge-MountUserVolume command mounting <paramref name="volume"/> (the owner's, CREATED) into
    /// the workspace. Throws <see cref="WorkstationCommandException"/> while another live workspace holds it.
    /// </summary>
    public async Task<WorkstationDocumentRun> MountCommandAsync(Workspace workspace, UserVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.OwnerId != workspace.OwnerId)
        {
            // Never reached through Forge's own lookups (always by the workspace's owner); kept as the last guard.
            throw new WorkstationCommandException($"The volume {volume.Id} belongs to another user.");
        }

        if (volume.MountedWorkspaceId is { } other && other != workspace.Id && await IsLiveAsync(other, cancellationToken))
        {
            throw new UserVolumeInUseException(other);
        }

        return new WorkstationDocumentRun(Mount.Name, new()
        {
            [Mount.VolumeId] = [volume.FsxVolumeId!],
            [Mount.NfsDnsName] = [await NfsDnsNameAsync(volume, cancellationToken)],
            [Mount.JunctionPath] = [volume.JunctionPath],
            [Mount.MountPoint] = [MountPointOf(workspace)],
            [Mount.OwnerDirectoryUser] = [volume.DirectoryUser],
        });
    }

    /// <summary>The second half: the mount command succeeded, so the volume now belongs to this workspace until unmounted.</summary>
    public async Task CompleteMountAsync(Workspace workspace, UserVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(volume);
        volume.MountedWorkspaceId = workspace.Id;
        volume.UpdatedAt = timeProvider.GetUtcNow();
        audit.Stage(AuditLog.SystemActor, "volume.mount", volume.Id.ToString(), AuditOutcome.Succeeded, null, $"workspace {workspace.Id}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Unmounts the owner's volume from the workspace (before stop or terminate) and keeps it.</summary>
    public async Task<UserDataStepResult> UnmountAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        var volume = await db.UserVolumes.SingleOrDefaultAsync(v => v.MountedWorkspaceId == workspaceId, cancellationToken);
        if (volume is null)
        {
            return UserDataStepResult.Ok(UserDataSteps.UnmountVolume, "nothing mounted");
        }

        UserDataStepResult result;
        try
        {
            var run = await commands.RunAsync(workspace.CloudWorkspaceId!, workspace.Region, Unmount.Name,
                new() { [Unmount.MountPoint] = [MountPointOf(workspace)] }, options.Value.CommandTimeout, cancellationToken);
            result = run.Succeeded ? UserDataStepResult.Ok(UserDataSteps.UnmountVolume) : UserDataStepResult.Failed(UserDataSteps.UnmountVolume, run.FailureReason);
        }
        catch (Exception e) when (e is WorkstationCommandException or Forge.Aws.AwsServiceException && !cancellationToken.IsCancellationRequested)
        {
            result = UserDataStepResult.Failed(UserDataSteps.UnmountVolume, e.Message);
        }

        // Released either way: a machine that is going away cannot keep the volume, and the next one must get it.
        volume.MountedWorkspaceId = null;
        volume.UpdatedAt = timeProvider.GetUtcNow();
        audit.Stage(AuditLog.SystemActor, "volume.unmount", volume.Id.ToString(),
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, null, $"workspace {workspaceId}");
        await db.SaveChangesAsync(cancellationToken);
        await UserDataSteps.RecordAsync(db, workspaceId, result, started, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    private async Task<bool> IsLiveAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        await db.Workspaces.AnyAsync(w => w.Id == workspaceId
            && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed && w.Status != WorkspaceStatus.Stopped, cancellationToken);

    private async Task<string> NfsDnsNameAsync(UserVolume volume, CancellationToken cancellationToken)
    {
        var svm = options.Value.Regions[volume.Region].StorageVirtualMachineId;
        var answer = await fsx.DescribeStorageVirtualMachinesAsync(new DescribeStorageVirtualMachinesRequest { StorageVirtualMachineIds = [svm] },
            volume.Region, cancellationToken);
        return answer.StorageVirtualMachines?.FirstOrDefault()?.Endpoints?.Nfs?.DNSName
            ?? throw new WorkstationCommandException($"The SVM {svm} reports no NFS endpoint.");
    }

    internal static string MountPointOf(Workspace workspace) =>
        string.Equals(workspace.OperatingSystem, "windows", StringComparison.OrdinalIgnoreCase)
            ? Forge.Aws.Ssm.ForgeDocuments.MountPoints.DriveD
            : Forge.Aws.Ssm.ForgeDocuments.MountPoints.Home;

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} failed: {Error}")]
    private static partial void LogStepFailed(ILogger logger, Guid workspaceId, string step, string? error);
}

/// <summary>The user's volume is mounted into another live workstation: one holds it at a time.</summary>
public sealed class UserVolumeInUseException(Guid otherWorkspaceId)
    : Exception($"The user volume is mounted into the workspace {otherWorkspaceId}; stop or terminate it first.");
