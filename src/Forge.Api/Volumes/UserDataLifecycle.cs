using Forge.Api.Dotfiles;
using Forge.Api.Persistence;
using Forge.Api.Secrets;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

/// <summary>
/// The user-data steps in the order a workstation's life needs them, for the provisioning step
/// pipeline to call: after the WorkSpace is AVAILABLE (and joined to the domain) mount the user's
/// volume, apply their dotfiles, inject their secrets; before it stops or terminates persist the
/// dotfiles and unmount the volume. Each step records its own outcome on the workspace; none fails it.
/// </summary>
public sealed class UserDataLifecycle(ForgeDbContext db, UserVolumeSteps volumes, DotfileSteps dotfiles, SecretSteps secrets)
{
    /// <summary>
    /// Launch (and start after a stop). <paramref name="ownerRoles"/>: the owner's roles, which the
    /// workspace row does not keep; role-scoped secrets reach the workstation only when they are given.
    /// </summary>
    public async Task<IReadOnlyList<UserDataStepResult>> AfterAvailableAsync(Guid workspaceId, IReadOnlyList<string> ownerRoles,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ownerRoles);
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        var results = new List<UserDataStepResult> { await volumes.MountAsync(workspaceId, cancellationToken) };
        if (results[0].Succeeded)
        {
            results.Add(await dotfiles.ApplyAsync(workspaceId, cancellationToken));
        }

        var owner = new SecretOwner(workspace.OwnerId, workspace.OwnerTeams, ownerRoles);
        results.Add(await secrets.InjectAsync(workspaceId, owner, null, cancellationToken));
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
