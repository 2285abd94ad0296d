using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

/// <summary>
/// How one user-data step (mount the volume, apply dotfiles, inject secrets...) ended. A failed step
/// does not fail the workspace: it is recorded on the workspace's step list for the owner to see.
/// </summary>
public sealed record UserDataStepResult(string Step, bool Succeeded, string? Error = null, string? Detail = null)
{
    public static UserDataStepResult Ok(string step, string? detail = null) => new(step, true, null, detail);

    public static UserDataStepResult Failed(string step, string error) => new(step, false, error);
}

/// <summary>The names of the user-data steps as they appear in a workspace's steps.</summary>
public static class UserDataSteps
{
    public const string MountVolume = "mount-user-volume";
    public const string UnmountVolume = "unmount-user-volume";
    public const string ApplyDotfiles = "apply-dotfiles";
    public const string PersistDotfiles = "persist-dotfiles";
    public const string InjectSecrets = "inject-secrets";

    /// <summary>
    /// Appends a closed step to the workspace's list (same table the provisioning steps use), so a
    /// user-data step's outcome shows in <c>GET /api/v1/workspaces/{id}</c> and its events.
    /// </summary>
    internal static async Task RecordAsync(ForgeDbContext db, Guid workspaceId, UserDataStepResult result, DateTimeOffset startedAt,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Two writers (a sync job, a rotation pass) may take the same next sequence number: the unique
        // index refuses the second, which takes the following number instead.
        for (var attempt = 1; ; attempt++)
        {
            var last = await db.WorkspaceSteps.Where(s => s.WorkspaceId == workspaceId).MaxAsync(s => (int?)s.Sequence, cancellationToken) ?? 0;
            var step = db.WorkspaceSteps.Add(new WorkspaceStep
            {
                Id = Guid.NewGuid(),
                WorkspaceId = workspaceId,
                Sequence = last + 1,
                Name = result.Step,
                Status = result.Succeeded ? StepStatus.Succeeded : StepStatus.Failed,
                Attempts = 1,
                LastError = result.Error is { Length: > 2048 } e ? e[..2048] : result.Error,
                StartedAt = startedAt,
                UpdatedAt = now,
                CompletedAt = now,
            });
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                step.State = EntityState.Detached;
            }
        }
    }
}
