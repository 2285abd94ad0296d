using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

/// <summary>
/// The provisioning pipeline's <c>mount-user-volume</c>: the owner's volume of the workspace's region,
/// asked for when the WorkSpace is (the two build side by side), mounted at the Linux home or D: once
/// FSx says CREATED. The volume is looked up by the workspace's owner only: never another user's.
/// Optional: a workspace whose volume cannot be mounted is still ready, with the step's error shown.
/// <para>
/// Volume rows are read and written in a DI scope of their own, so the reconciler's unit of work (the
/// workspace and its steps) is never saved or cleared half-way by this step.
/// </para>
/// </summary>
public sealed class MountUserVolumeStep(IServiceScopeFactory scopes, IOptions<VolumeOptions> options, IOptions<WorkspaceOptions> workspaceOptions)
    : IWorkstationStep
{
    public string Name => UserDataSteps.MountVolume;

    public int MaxAttempts => workspaceOptions.Value.MaxStepAttempts;

    public TimeSpan RetryDelay => workspaceOptions.Value.PollInterval;

    public string? RepairStep => null;

    public bool IsOptional => true;

    public TimeSpan? CommandTimeout => options.Value.CommandTimeout;

    public bool AppliesTo(Workspace workspace) => HasVolumes(options.Value, workspace);

    public async Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<UserVolumeProvisioner>()
            .StartAsync(workspace.OwnerId, workspace.DirectoryUser, workspace.Region, cancellationToken);
    }

    public async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        var provisioner = scope.ServiceProvider.GetRequiredService<UserVolumeProvisioner>();
        var volume = await provisioner.StartAsync(workspace.OwnerId, workspace.DirectoryUser, workspace.Region, cancellationToken);
        if (!await provisioner.CheckCreatedAsync(volume, cancellationToken))
        {
            return null;
        }

        try
        {
            var run = await scope.ServiceProvider.GetRequiredService<UserVolumeSteps>().MountCommandAsync(workspace, volume, cancellationToken);
            return new WorkstationCommand(run.Document, run.Parameters);
        }
        catch (UserVolumeInUseException e)
        {
            throw new WorkstationStepSkippedException(e.Message); // retrying cannot help while the other one runs
        }
    }

    public async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            return StepVerdict.Failure(JoinDomainStep.Reason(result));
        }

        // Judged again on each pass until the step is saved as done: recording the mount is idempotent.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var volume = await db.UserVolumes.SingleAsync(v => v.OwnerId == workspace.OwnerId && v.Region == workspace.Region, cancellationToken);
        if (volume.MountedWorkspaceId != workspace.Id)
        {
            await scope.ServiceProvider.GetRequiredService<UserVolumeSteps>().CompleteMountAsync(workspace, volume, cancellationToken);
        }

        return StepVerdict.Success;
    }

    /// <summary>Whether workspaces in the workspace's region get a user volume (an FSx file system is configured there).</summary>
    internal static bool HasVolumes(VolumeOptions options, Workspace workspace) => options.Regions.ContainsKey(workspace.Region);
}
