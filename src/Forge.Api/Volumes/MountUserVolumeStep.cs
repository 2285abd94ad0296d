using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Forge.Aws.Fsx;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Mount = Forge.Aws.Ssm.ForgeDocuments.MountUserVolume;

namespace Forge.Api.Volumes;

/// <summary>
/// <c>mount-user-volume</c>, in provisioning and after every start: the owner's volume of the
/// workspace's region, asked for when the WorkSpace is (the two build side by side), mounted once
/// FSx says CREATED. The volume is looked up by the workspace's owner only: never another user's.
/// Optional: a workspace whose volume cannot be mounted is still ready, with the step's error shown.
/// <para>
/// Volume creation writes volume rows, which the provisioner does in a DI scope of its own, so the
/// engine's unit of work (the workspace and its steps) is never saved half-way; the mount itself is
/// recorded by the engine, from this step's verdict.
/// </para>
/// </summary>
public sealed class MountUserVolumeStep(
    IServiceScopeFactory scopes, ForgeDbContext db, FsxClient fsx, IOptions<VolumeOptions> options, IOptions<WorkspaceOptions> workspaceOptions)
    : CommandStep, IPreparedWhileBuilding
{
    public override string Name => StepNames.MountVolume;

    public override int MaxAttempts => workspaceOptions.Value.MaxStepAttempts;

    public override TimeSpan RetryDelay => workspaceOptions.Value.PollInterval;

    public override bool IsOptional => true;

    public override TimeSpan? CommandTimeout => options.Value.CommandTimeout;

    public override bool AppliesTo(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return HasVolumes(options.Value, context.Workspace);
    }

    public async Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserVolumeProvisioner>()
            .StartAsync(workspace.OwnerId, workspace.DirectoryUser, workspace.Region, cancellationToken);
    }

    public override async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        var provisioner = scope.ServiceProvider.GetRequiredService<UserVolumeProvisioner>();
        var volume = await provisioner.StartAsync(workspace.OwnerId, workspace.DirectoryUser, workspace.Region, cancellationToken);
        if (!await provisioner.CheckCreatedAsync(volume, cancellationToken))
        {
            return null;
        }

        if (volume.OwnerId != workspace.OwnerId)
        {
            // Never reached through Forge's own lookups (always by the workspace's owner); kept as the last guard.
            throw new InvalidOperationException($"The volume {volume.Id} belongs to another user.");
        }

        if (volume.MountedWorkspaceId is { } other && other != workspace.Id && await IsLiveAsync(other, cancellationToken))
        {
            // Retrying cannot help while the other one runs.
            throw new WorkstationStepSkippedException($"The user volume is mounted into the workspace {other}; stop or terminate it first.");
        }

        return new WorkstationCommand(Mount.Name, new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [Mount.VolumeId] = [volume.FsxVolumeId!],
            [Mount.NfsDnsName] = [await NfsDnsNameAsync(volume, cancellationToken)],
            [Mount.JunctionPath] = [volume.JunctionPath],
            [Mount.MountPoint] = [MountPointOf(workspace)],
            [Mount.OwnerDirectoryUser] = [volume.DirectoryUser],
        });
    }

    public override async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            return StepVerdict.Failure(result.FailureReason);
        }

        var volume = await db.UserVolumes.AsNoTracking().SingleAsync(v => v.OwnerId == workspace.OwnerId && v.Region == workspace.Region, cancellationToken);
        return StepVerdict.Success.With(new VolumeMounted(volume.Id));
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
            ?? throw new InvalidOperationException($"The SVM {svm} reports no NFS endpoint.");
    }

    /// <summary>Where the volume goes on the machine: the Linux volume folder, or D: on Windows.</summary>
    internal static string MountPointOf(Workspace workspace) =>
        string.Equals(workspace.OperatingSystem, "windows", StringComparison.OrdinalIgnoreCase)
            ? Forge.Aws.Ssm.ForgeDocuments.MountPoints.DriveD
            : Forge.Aws.Ssm.ForgeDocuments.MountPoints.Home;

    /// <summary>Whether workspaces in the workspace's region get a user volume (an FSx file system is configured there).</summary>
    internal static bool HasVolumes(VolumeOptions options, Workspace workspace) => options.Regions.ContainsKey(workspace.Region);
}

/// <summary>
/// <c>unmount-user-volume</c>, before a stop or terminate, when a volume is mounted: the volume is
/// unmounted and kept. It is released either way (a machine going away cannot keep it, and the next
/// one must get it), with the outcome audited.
/// </summary>
public sealed class UnmountUserVolumeStep(IOptions<VolumeOptions> options) : CommandStep
{
    public override string Name => StepNames.UnmountVolume;

    public override int MaxAttempts => 1;

    public override bool IsOptional => true;

    public override TimeSpan? CommandTimeout => options.Value.CommandTimeout;

    public override bool AppliesTo(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.VolumeMounted;
    }

    public override Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return Task.FromResult<WorkstationCommand?>(new WorkstationCommand(Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume.Name,
            new Dictionary<string, List<string>>(StringComparer.Ordinal)
            {
                [Forge.Aws.Ssm.ForgeDocuments.UnmountUserVolume.MountPoint] = [MountUserVolumeStep.MountPointOf(workspace)],
            }));
    }

    public override Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(result);
        var verdict = result.Succeeded ? StepVerdict.Success : StepVerdict.Failure(result.FailureReason);
        return Task.FromResult(verdict.With(new VolumeReleased(result.Succeeded)));
    }

    public override IReadOnlyList<WorkstationEffect> EffectsWhenSkipped(Workspace workspace) => [new VolumeReleased(Unmounted: false)];
}

/// <summary>The mount succeeded: the volume belongs to this workspace until it is released.</summary>
public sealed record VolumeMounted(Guid VolumeId) : WorkstationEffect
{
    public override async Task ApplyAsync(EffectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var volume = await context.Db.UserVolumes.SingleAsync(v => v.Id == VolumeId, cancellationToken);
        if (volume.MountedWorkspaceId == context.Workspace.Id)
        {
            return;
        }

        volume.MountedWorkspaceId = context.Workspace.Id;
        volume.UpdatedAt = context.Now;
        context.Audit.Stage(Audit.AuditLog.SystemActor, "volume.mount", volume.Id.ToString(), Audit.AuditOutcome.Succeeded, null, $"workspace {context.Workspace.Id}");
    }
}

/// <summary>The workspace no longer holds its volume (<paramref name="Unmounted"/>: the unmount command succeeded).</summary>
public sealed record VolumeReleased(bool Unmounted) : WorkstationEffect
{
    public override async Task ApplyAsync(EffectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        foreach (var volume in await context.Db.UserVolumes.Where(v => v.MountedWorkspaceId == context.Workspace.Id).ToListAsync(cancellationToken))
        {
            volume.MountedWorkspaceId = null;
            volume.UpdatedAt = context.Now;
            context.Audit.Stage(Audit.AuditLog.SystemActor, "volume.unmount", volume.Id.ToString(),
                Unmounted ? Audit.AuditOutcome.Succeeded : Audit.AuditOutcome.Failed, null, $"workspace {context.Workspace.Id}");
        }
    }
}
