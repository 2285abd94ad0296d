using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Pools;

/// <summary>
/// Keeps every pool's actor alive, every minute: a row for each configured pool (so it has an id, a history
/// and overrides), and an open job for each pool row, configured or not (a pool gone from configuration is
/// drained by its own job). Two replicas doing this at once meet on the unique pool key and the one-open-job
/// index: the loser's insert fails and is left to the winner.
/// </summary>
public sealed class PoolsHost(IServiceScopeFactory scopes, PoolCatalog catalog, TimeProvider timeProvider, ILogger<PoolsHost> logger)
    : PeriodicPassHost("Pool actors", () => TimeSpan.FromMinutes(1), () => false, timeProvider, logger)
{
    /// <summary>The first pass as the service starts (after the migrations): a deployment's pools begin filling at once, not a minute later.</summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RunOnceAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var now = TimeProvider.GetUtcNow();
        int staged = 0, failed = 0;
        var known = await db.WarmPools.AsNoTracking().Select(p => p.Key).ToListAsync(cancellationToken);
        foreach (var definition in catalog.Definitions().Where(d => !known.Contains(d.Key.ToString())))
        {
            db.WarmPools.Add(new WarmPool
            {
                Id = Guid.CreateVersion7(now),
                Key = definition.Key.ToString(),
                Blueprint = definition.Key.Blueprint,
                OperatingSystem = definition.Key.Os,
                Region = definition.Key.Region,
                CreatedAt = now,
            });
        }

        failed += await SaveAsync(db, cancellationToken) ? 0 : 1;
        var pools = await db.WarmPools.AsNoTracking().Select(p => p.Id).ToListAsync(cancellationToken);
        var open = await db.Jobs.Where(j => j.Kind == PoolReconciler.JobKind && (j.State == JobState.Queued || j.State == JobState.Running))
            .Select(j => j.SubjectId).ToListAsync(cancellationToken);
        foreach (var id in pools.Except(open))
        {
            jobs.Stage(PoolReconciler.JobKind, id, null);
            if (await SaveAsync(db, cancellationToken))
            {
                staged++;
            }
            else
            {
                failed++;
            }
        }

        if (staged > 0)
        {
            scope.ServiceProvider.GetRequiredService<JobSignal>().Notify();
        }

        return new PassStats(pools.Count, staged, failed, TimeProvider.GetElapsedTime(started));
    }

    /// <summary>Saves; a row another replica inserted first is theirs, and this unit of work is dropped.</summary>
    private static async Task<bool> SaveAsync(ForgeDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
