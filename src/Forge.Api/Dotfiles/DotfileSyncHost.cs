using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

/// <summary>
/// Makes a dotfile sync due for each ready workspace with its user volume mounted whose dotfiles were last
/// synced (applied at its start, or persisted) at least <see cref="DotfileOptions.SyncInterval"/> ago (the safety
/// net for a stop Forge did not cause), and wakes its job, which syncs. The pass runs every minute (or every
/// interval, if shorter), so each workstation's sync follows its own last one: hundreds of workstations are not
/// all synced in the same minute, whose burst of commands would hold up the ones a developer waits for (a claim).
/// A workspace whose sync is already due or under way is left alone, so a slow one is never asked twice. This pass
/// only records and wakes: it never acts on a workstation.
/// </summary>
public sealed class DotfileSyncHost(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<DotfileOptions> options, ILogger<DotfileSyncHost> logger)
    : PeriodicPassHost("Dotfile sync", () => Min(options.Value.SyncInterval, PassInterval), () => options.Value.PeriodicSyncPaused, timeProvider, logger)
{
    /// <summary>How often the pass looks for workstations whose sync is due.</summary>
    public static readonly TimeSpan PassInterval = TimeSpan.FromMinutes(1);

    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        var syncedBefore = TimeProvider.GetUtcNow() - options.Value.SyncInterval;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var mounted = db.UserVolumes.Where(v => v.MountedWorkspaceId != null).Select(v => v.MountedWorkspaceId!.Value);
        var ready = db.Workspaces.Where(w => mounted.Contains(w.Id) && w.Status == WorkspaceStatus.Ready);
        var examined = await ready.CountAsync(cancellationToken);
        var due = await ready.Where(w => !w.DotfileSyncDue && w.Transition != Transitions.SyncDotfiles.Name
                && !w.Steps.Any(s => (s.Name == StepNames.PersistDotfiles || s.Name == StepNames.ApplyDotfiles) && s.StartedAt > syncedBefore))
            .Select(w => w.Id).ToListAsync(cancellationToken);
        await db.Workspaces.Where(w => due.Contains(w.Id)).ExecuteUpdateAsync(s => s.SetProperty(w => w.DotfileSyncDue, true), cancellationToken);
        var (woken, failed) = await scope.ServiceProvider.GetRequiredService<WorkspaceWakeups>().WakeAsync(due, cancellationToken);
        return new PassStats(examined, woken, failed, TimeProvider.GetElapsedTime(started));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
