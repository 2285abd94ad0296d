using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Pools;

/// <summary>What a request for a pooled blueprint, OS and region got: a member (running or stopped), or why it is built on demand.</summary>
public sealed record ClaimResult(Workspace? Member, string Path, string? FallbackReason);

/// <summary>
/// The claim: inside the create request's transaction, takes one member of the request's pool (a running one
/// first, else one being resumed, else a stopped one, else one being parked; longest pooled first) and makes it the requester's workstation, or says why the
/// request falls back to an on-demand build. Either way the request is recorded for the pool's forecast.
/// <para>
/// A member is never handed out twice: on PostgreSQL the member's row is locked <c>FOR UPDATE SKIP LOCKED</c>, so
/// concurrent claims (from any process) each take a different one and none waits for another; on SQLite the
/// create transaction holds the database's one write lock from its start. A claim and the member's own job (or
/// the pool's pass) writing the same row meet on its version: the loser plans again from what the winner wrote.
/// Since the member becomes the owner's in the same transaction that records the request and stages its job, a
/// crash leaves it either still in the pool or fully the owner's, with its customisation resumed on restart.
/// </para>
/// </summary>
public sealed class PoolClaims(ForgeDbContext db, PoolCatalog catalog)
{
    /// <summary>
    /// For a request that <paramref name="request"/> describes (a new workspace row, not yet added): the member it
    /// takes, made the owner's and tracked, or null with the reason; null result: no pool is kept for it at all.
    /// </summary>
    public async Task<ClaimResult?> ClaimAsync(Workspace request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var key = new PoolKey(request.Blueprint, request.OperatingSystem, request.Region);
        if (catalog.Find(key) is not { } definition)
        {
            return null;
        }

        var pool = await db.WarmPools.AsNoTracking().SingleOrDefaultAsync(p => p.Key == key.ToString(), cancellationToken);
        var bounds = pool is null ? definition.Bounds : PoolCatalog.Effective(definition.Bounds, pool);
        var result = !bounds.Enabled ? Fallback("the pool is disabled")
            : bounds.Paused ? Fallback($"the pool is paused ({pool?.PauseReason ?? "by configuration"})")
            : await TakeAsync(key.ToString(), request.BundleId, cancellationToken) is { } member ? Hit(member, request)
            : Fallback("the pool is empty");
        db.PoolClaims.Add(new PoolClaim
        {
            Id = Guid.CreateVersion7(request.RequestedAt),
            Pool = key.ToString(),
            WorkspaceId = result.Member?.Id ?? request.Id,
            Path = result.Path,
            FallbackReason = result.FallbackReason,
            At = request.RequestedAt,
        });
        return result;
    }

    /// <summary>The member to hand out, locked (PostgreSQL) and tracked, or null when none is idle.</summary>
    private async Task<Workspace?> TakeAsync(string pool, string bundleId, CancellationToken cancellationToken)
    {
        if (!db.IsPostgres)
        {
            return await Claimable(db.Workspaces, pool, bundleId).Include(w => w.Steps)
                .OrderBy(w => w.Status == WorkspaceStatus.Ready ? 0 : w.Status == WorkspaceStatus.Starting ? 1 : w.Status == WorkspaceStatus.Stopped ? 2 : 3)
                .ThenBy(w => w.PooledAt).FirstOrDefaultAsync(cancellationToken);
        }

        var (ready, starting, stopped, stopping) = (WorkspaceStatus.Ready, WorkspaceStatus.Starting, WorkspaceStatus.Stopped, WorkspaceStatus.Stopping);
        var ids = await db.Database.SqlQuery<Guid>($"""
            SELECT "Id" AS "Value" FROM "Workspaces"
            WHERE "Pool" = {pool} AND "ClaimedAt" IS NULL AND "PooledAt" IS NOT NULL AND "BundleId" = {bundleId}
              AND "Status" IN ({ready}, {starting}, {stopped}, {stopping})
            ORDER BY CASE "Status" WHEN {ready} THEN 0 WHEN {starting} THEN 1 WHEN {stopped} THEN 2 ELSE 3 END, "PooledAt"
            LIMIT 1
            FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        return ids.Count == 0 ? null : await db.Workspaces.Include(w => w.Steps).SingleAsync(w => w.Id == ids[0], cancellationToken);
    }

    /// <summary>
    /// Members that passed verification (they joined the pool), built with the request's bundle, in either tier or
    /// moving between them: a member being parked or resumed is taken as it is, and the claim's start step waits
    /// for the cloud to settle before it starts the machine.
    /// </summary>
    public static IQueryable<Workspace> Claimable(IQueryable<Workspace> workspaces, string pool, string bundleId) =>
        workspaces.Where(w => w.Pool == pool && w.ClaimedAt == null && w.PooledAt != null && w.BundleId == bundleId
            && (w.Status == WorkspaceStatus.Ready || w.Status == WorkspaceStatus.Starting || w.Status == WorkspaceStatus.Stopped
                || w.Status == WorkspaceStatus.Stopping));

    /// <summary>The member becomes the requester's: owner, request and claim recorded; its job begins the claim's steps.</summary>
    private static ClaimResult Hit(Workspace member, Workspace request)
    {
        var path = member.Status == WorkspaceStatus.Ready ? ProvisioningPaths.PoolRunning : ProvisioningPaths.PoolStopped;
        member.OwnerId = request.OwnerId;
        member.OwnerTeams = [.. request.OwnerTeams];
        member.OwnerRoles = [.. request.OwnerRoles];
        member.RegionReason = request.RegionReason;
        member.IdempotencyKey = request.IdempotencyKey;
        member.RequestFingerprint = request.RequestFingerprint;
        member.ProvisioningPath = path;
        member.ClaimedAt = request.RequestedAt;
        member.RequestedAt = request.RequestedAt; // the SLA is measured from the request, and the watermark names its time
        member.UpdatedAt = request.RequestedAt;
        member.ReadyAt = null;
        member.Status = WorkspaceStatus.Provisioning;
        member.ActionIssuedAt = null;
        member.Error = null;
        member.KeepAlive = false;
        return new ClaimResult(member, path, null);
    }

    private static ClaimResult Fallback(string reason) => new(null, ProvisioningPaths.OnDemand, reason);
}
