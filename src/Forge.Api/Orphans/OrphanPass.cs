using System.Collections.Concurrent;
using Forge.Api.Audit;
using Forge.Api.Cloud;
using Forge.Api.Lifecycle;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Regions;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WorkspaceState = Forge.Aws.WorkSpaces.WorkspaceState;

namespace Forge.Api.Orphans;

/// <summary>
/// WorkSpaces whose tags were read once and carry no Forge id, remembered per process so later passes need not ask
/// again (a real account may hold many WorkSpaces that are not Forge's).
/// </summary>
public sealed class NotForgesWorkspaces
{
    private readonly ConcurrentDictionary<string, byte> _ids = new(StringComparer.Ordinal);

    public bool Contains(string workspaceId) => _ids.ContainsKey(workspaceId);

    public void Add(string workspaceId) => _ids.TryAdd(workspaceId, 0);
}

/// <summary>
/// One orphan pass, snapshot → plan → act, per configured region: list every WorkSpace (DescribeWorkspaces, paged),
/// then read which of them workspace rows know (listing first, rows second: a create saved meanwhile is never taken
/// for an orphan). A live WorkSpace no row knows, tagged with a Forge id that no live row carries, is an orphan: its row
/// is made the first time (its first-seen time persisted), kept up to date after, and dropped once the WorkSpace is
/// gone or a row knows it. An orphan past <see cref="LifecycleOptions.OrphanGrace"/> that no admin kept is terminated
/// (marked first, so a keep or adopt racing it loses cleanly, then asked of the cloud; asked again while it stays live).
/// Every step is audited. One region's failure never stops the others.
/// </summary>
public sealed partial class OrphanPass(
    ForgeDbContext db, IWorkspaceCloud cloud, LifecycleClock clock, AuditLog audit, NotForgesWorkspaces notForges,
    IOptions<LifecycleOptions> options, IOptions<RegionOptions> regions, ILogger<OrphanPass> logger)
{
    public async Task<PassStats> RunAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.System.GetTimestamp();
        int examined = 0, acted = 0, failed = 0;
        foreach (var region in regions.Value.Available.Keys.Order(StringComparer.Ordinal))
        {
            try
            {
                var listing = await cloud.ListAsync(region, cancellationToken);
                examined += listing.Count;
                acted += await ReconcileAsync(region, listing, cancellationToken);
            }
            catch (WorkspaceCloudException e)
            {
                LogRegionFailed(logger, e, region);
                failed++;
            }
            catch (DbUpdateException e)
            {
                // An admin kept or adopted one meanwhile, or another replica's pass got there first: the next pass sees theirs.
                LogRegionFailed(logger, e, region);
                db.ChangeTracker.Clear();
                failed++;
            }
        }

        return new PassStats(examined, acted, failed, TimeProvider.System.GetElapsedTime(started));
    }

    private async Task<int> ReconcileAsync(string region, IReadOnlyList<CloudWorkspaceListing> listing, CancellationToken cancellationToken)
    {
        var now = clock.Now;
        var live = listing.Where(w => w.State is not (WorkspaceState.Terminated or WorkspaceState.Terminating)).ToList();
        var known = (await db.Workspaces.AsNoTracking().IgnoreAutoIncludes().Where(w => w.Region == region && w.CloudWorkspaceId != null)
            .Select(w => w.CloudWorkspaceId!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        var orphans = await db.Set<OrphanWorkspace>().Where(o => o.Region == region).ToDictionaryAsync(o => o.CloudWorkspaceId, StringComparer.Ordinal, cancellationToken);
        var unknown = live.Where(w => !known.Contains(w.WorkspaceId)).ToList();

        var found = await NewOrphansAsync(unknown.Where(w => !orphans.ContainsKey(w.WorkspaceId) && !notForges.Contains(w.WorkspaceId)).ToList(),
            region, cancellationToken);
        foreach (var orphan in found)
        {
            orphan.FirstSeenAt = orphan.LastSeenAt = now;
            db.Add(orphan);
            orphans[orphan.CloudWorkspaceId] = orphan;
            audit.Stage(AuditLog.SystemActor, "orphan.found", orphan.CloudWorkspaceId, AuditOutcome.Succeeded, null,
                $"WorkSpace {orphan.CloudWorkspaceId} in {region} (directory user {orphan.DirectoryUser}) is tagged with Forge id {orphan.ForgeId}, which no workspace knows; "
                + $"terminated after {now + options.Value.OrphanGrace:O} unless kept or adopted");
            LogFound(logger, orphan.CloudWorkspaceId, region, orphan.ForgeId);
        }

        var stillOrphans = unknown.ToDictionary(w => w.WorkspaceId, StringComparer.Ordinal);
        foreach (var orphan in orphans.Values.ToList())
        {
            if (stillOrphans.TryGetValue(orphan.CloudWorkspaceId, out var seen))
            {
                orphan.LastSeenAt = now;
                orphan.CloudState = seen.State;
                continue;
            }

            // Gone, terminating, or known by a workspace row now (adopted, or the engine's save came after all).
            db.Remove(orphan);
            orphans.Remove(orphan.CloudWorkspaceId);
            var why = known.Contains(orphan.CloudWorkspaceId) ? "a workspace knows it now" : "the WorkSpace is terminated or gone";
            audit.Stage(AuditLog.SystemActor, "orphan.resolved", orphan.CloudWorkspaceId, AuditOutcome.Succeeded, null, $"No longer an orphan: {why}.");
        }

        var due = orphans.Values.Where(o => o.Status == OrphanStatus.Terminating
            || (o.Status == OrphanStatus.Orphan && now >= o.FirstSeenAt + options.Value.OrphanGrace)).ToList();
        foreach (var orphan in due.Where(o => o.Status == OrphanStatus.Orphan))
        {
            orphan.Status = OrphanStatus.Terminating;
            orphan.TerminationRequestedAt = now;
            audit.Stage(AuditLog.SystemActor, "orphan.terminate", orphan.CloudWorkspaceId, AuditOutcome.Accepted, null,
                $"Orphan WorkSpace first seen {orphan.FirstSeenAt:O}: its grace of {options.Value.OrphanGrace} is over and no admin kept or adopted it.");
        }

        BumpVersions();
        await db.SaveChangesAsync(cancellationToken);

        var acted = found.Count;
        foreach (var orphan in due)
        {
            try
            {
                await cloud.TerminateAsync(orphan.CloudWorkspaceId, region, cancellationToken);
                LogTerminated(logger, orphan.CloudWorkspaceId, region);
                acted++;
            }
            catch (WorkspaceCloudException e)
            {
                LogTerminateFailed(logger, e, orphan.CloudWorkspaceId); // still terminating: asked again next pass
            }
        }

        return acted;
    }

    /// <summary>Of WorkSpaces no row knows by id, those tagged with a Forge id that no live workspace carries (one being created is not an orphan).</summary>
    private async Task<List<OrphanWorkspace>> NewOrphansAsync(List<CloudWorkspaceListing> candidates, string region, CancellationToken cancellationToken)
    {
        var tagged = new List<(CloudWorkspaceListing Listing, string ForgeId, string? Blueprint)>();
        foreach (var candidate in candidates)
        {
            var tags = await cloud.TagsAsync(candidate.WorkspaceId, region, cancellationToken);
            if (!tags.TryGetValue(AwsWorkspaceCloud.ForgeIdTag, out var forgeId))
            {
                notForges.Add(candidate.WorkspaceId);
                continue;
            }

            tagged.Add((candidate, forgeId, tags.GetValueOrDefault(AwsWorkspaceCloud.BlueprintTag)));
        }

        var ids = tagged.Select(t => Guid.TryParse(t.ForgeId, out var id) ? id : Guid.Empty).Where(id => id != Guid.Empty).ToList();
        var creating = (await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => ids.Contains(w.Id) && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed)
            .Select(w => w.Id).ToListAsync(cancellationToken)).ToHashSet();
        return [.. tagged.Where(t => !(Guid.TryParse(t.ForgeId, out var id) && creating.Contains(id))).Select(t => new OrphanWorkspace
        {
            CloudWorkspaceId = t.Listing.WorkspaceId,
            Region = region,
            DirectoryId = t.Listing.DirectoryId,
            DirectoryUser = t.Listing.UserName,
            BundleId = t.Listing.BundleId,
            ForgeId = t.ForgeId.Length > 256 ? t.ForgeId[..256] : t.ForgeId,
            Blueprint = t.Blueprint is { Length: > 256 } b ? b[..256] : t.Blueprint,
            CloudState = t.Listing.State,
        })];
    }

    private void BumpVersions()
    {
        foreach (var entry in db.ChangeTracker.Entries<OrphanWorkspace>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Version++;
        }
    }

    [LoggerMessage(EventId = 8101, Level = LogLevel.Warning, Message = "Orphans: WorkSpace {CloudWorkspaceId} in {Region} carries Forge id {ForgeId}, which no workspace knows")]
    private static partial void LogFound(ILogger logger, string cloudWorkspaceId, string region, string forgeId);

    [LoggerMessage(EventId = 8102, Level = LogLevel.Information, Message = "Orphans: WorkSpace {CloudWorkspaceId} in {Region} asked to terminate after its grace")]
    private static partial void LogTerminated(ILogger logger, string cloudWorkspaceId, string region);

    [LoggerMessage(EventId = 8103, Level = LogLevel.Warning, Message = "Orphans: terminating WorkSpace {CloudWorkspaceId} failed; asked again next pass")]
    private static partial void LogTerminateFailed(ILogger logger, Exception exception, string cloudWorkspaceId);

    [LoggerMessage(EventId = 8104, Level = LogLevel.Warning, Message = "Orphans: the pass over {Region} failed; the next one looks again")]
    private static partial void LogRegionFailed(ILogger logger, Exception exception, string region);
}
