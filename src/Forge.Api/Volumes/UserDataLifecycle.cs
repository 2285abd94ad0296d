using Forge.Api.Dotfiles;
using Forge.Api.Persistence;
using Forge.Api.Secrets;
using Forge.Api.Security;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

/// <summary>
/// The user-data steps around a workstation's stop, start and terminate, run by <see cref="UserDataJob"/>
/// (the launch runs the same steps as provisioning pipeline steps): after a start mount the user's
/// volume, apply their dotfiles, inject their secrets; before a stop or terminate persist the
/// dotfiles and unmount the volume. Each step records its own outcome on the workspace; none fails it.
/// </summary>
public sealed class UserDataLifecycle(
    ForgeDbContext db, UserVolumeSteps volumes, DotfileSteps dotfiles, SecretSteps secrets, CurrentIdentities identities)
{
    /// <summary>
    /// After a start (the launch runs the same steps in the provisioning pipeline): mount the volume,
    /// apply the dotfiles, inject the secrets for the owner's current teams and roles.
    /// </summary>
    public async Task<IReadOnlyList<UserDataStepResult>> AfterAvailableAsync(Guid workspaceId, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        var results = new List<UserDataStepResult> { await volumes.MountAsync(workspaceId, cancellationToken) };
        if (results[0].Succeeded)
        {
            results.Add(await dotfiles.ApplyAsync(workspaceId, cancellationToken));
        }

        results.Add(await secrets.InjectAsync(workspaceId, await InjectSecretsStep.OwnerAsync(identities, workspace.OwnerId, cancellationToken), null, cancellationToken));
        return results;
    }

    /// <summary>Before a stop or terminate: <paramref name="trigger"/> is <c>stop</c> or <c>terminate</c>.</summary>
    public async Task<IReadOnlyList<UserDataStepResult>> BeforeShutdownAsync(Guid workspaceId, string trigger, CancellationToken cancellationToken)
    {
        var results = new List<UserDataStepResult>();
        if (await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspaceId, cancellationToken))
        {
            results.Add(await dotfiles.PersistAsync(workspaceId, trigger, cancellationToken));
        }

        results.Add(await volumes.UnmountAsync(workspaceId, cancellationToken));
        return results;
    }
}
