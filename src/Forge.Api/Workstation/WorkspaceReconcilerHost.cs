using Forge.Api.Cloud;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workstation;

/// <summary>
/// The sweep, every <see cref="WorkspaceOptions.SweepInterval"/>: each workspace with work in hand (a
/// transition, a chore due) and no open job gets one, so intent written without its job (a crash
/// between the two, an operator's edit) is picked up; and every workspace at rest is looked at in the
/// cloud (DescribeWorkspaces, 25 a call per region) so that what AWS or someone else did to it (an
/// AUTO_STOP, a start in the console, a termination) wakes its job, which follows it.
/// </summary>
public sealed class WorkspaceReconcilerHost(
    IServiceScopeFactory scopes, IWorkspaceCloud cloud, TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceReconcilerHost> logger)
    : PeriodicPassHost("Workspace sweep", () => options.Value.SweepInterval, () => options.Value.SweepPaused, timeProvider, logger)
{
    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var wakeups = scope.ServiceProvider.GetRequiredService<WorkspaceWakeups>();
        var live = await db.Workspaces.AsNoTracking()
            .Where(w => (w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed) || w.Transition != null)
            .Select(w => new { w.Id, w.Status, w.Transition, w.CloudWorkspaceId, w.Region, w.DotfileSyncDue, w.SecretsDue })
            .ToListAsync(cancellationToken);

        var busy = live.Where(w => w.Transition is not null || WorkspaceStatus.IsTransitional(w.Status)
            || (w.Status == WorkspaceStatus.Ready && (w.DotfileSyncDue || w.SecretsDue))).Select(w => w.Id).ToList();
        var (staged, failed) = await wakeups.StageMissingAsync(busy, cancellationToken);

        var drifted = new List<Guid>();
        foreach (var region in live.Where(w => w.Transition is null && w.CloudWorkspaceId is not null
            && w.Status is WorkspaceStatus.Ready or WorkspaceStatus.Stopped).GroupBy(w => w.Region, StringComparer.Ordinal))
        {
            var seen = (await cloud.DescribeManyAsync([.. region.Select(w => w.CloudWorkspaceId!)], region.Key, cancellationToken))
                .ToDictionary(c => c.WorkspaceId, StringComparer.Ordinal);
            drifted.AddRange(region.Where(w => WorkstationPlanner.CloudDisagrees(w.Status, seen.GetValueOrDefault(w.CloudWorkspaceId!)?.State)).Select(w => w.Id));
        }

        var (woken, wakeFailed) = await wakeups.WakeAsync(drifted, cancellationToken);
        return new PassStats(live.Count, staged + woken, failed + wakeFailed, TimeProvider.GetElapsedTime(started));
    }
}
