using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Blueprints;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Pools;
using Forge.Api.Regions;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// <c>POST /api/v1/workspaces</c>: validates, then writes the workspace, its job and the audit
/// entry in one transaction and answers 202. Nothing is written for an invalid request, nor past the
/// user's quota of live workspaces (409, <see cref="WorkspaceQuota"/>), which is counted in that transaction.
/// </summary>
public static class WorkspaceCreateHandler
{
    public const string IdempotencyHeader = "Idempotency-Key";

    public static async Task<Results<AcceptedAtRoute<WorkspaceView>, ProblemHttpResult>> CreateAsync(
        HttpRequest http, ForgeUser user, ForgeDbContext db, BlueprintCatalog blueprints, IOptions<RegionOptions> regions,
        IUserVolumeRegions volumes, IGeoLocator geo, JobQueue jobs, JobSignal signal, AuditLog audit, IOptions<WorkspaceOptions> workspaceOptions,
        PoolClaims pools, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<CreateWorkspaceRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var key = http.Headers[IdempotencyHeader].ToString();
        if (key.Length > 128 || key.Any(char.IsControl))
        {
            return JsonBody.Invalid(IdempotencyHeader, "An Idempotency-Key is at most 128 printable characters.");
        }

        var fingerprint = Fingerprint(request!);
        if (key.Length > 0 && await FindByKeyAsync(db, user, key, cancellationToken) is { } earlier)
        {
            return Replay(earlier, fingerprint);
        }

        var blueprint = string.IsNullOrEmpty(request!.Blueprint) || request.Blueprint.Length > 64
            ? null : await blueprints.FindAsync(request.Blueprint, cancellationToken);
        var names = (await blueprints.ListAsync(cancellationToken)).Select(b => b.Name).ToList();
        var region = RegionPlanner.Choose(new RegionRequest(
            string.IsNullOrEmpty(request.Region) ? null : request.Region,
            request.LatencyHintsMs,
            // The connection's address: UseForwardedHeaders already replaced it when a trusted proxy sent X-Forwarded-For.
            geo.Locate(http.HttpContext.Connection.RemoteIpAddress),
            await volumes.FindRegionAsync(user.Id, cancellationToken)), regions.Value);
        var (valid, errors) = WorkspaceRequestValidator.Validate(request, blueprint, names, region);
        if (valid is null)
        {
            return region.Refusal == RegionRefusal.Conflict && errors.Count == 0
                ? Problems.Conflict(region.Reason)
                : Problems.Unprocessable(errors);
        }

        var workspace = NewWorkspace(user, valid, regions.Value, key, fingerprint, StoredTime.Truncate(timeProvider.GetUtcNow()));
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await WorkspaceQuota.LockOwnerAsync(db, user.Id, cancellationToken);
        // Re-read under the lock: a retry that raced its original is answered with it, not counted against the quota.
        if (key.Length > 0 && await FindByKeyAsync(db, user, key, cancellationToken) is { } original)
        {
            return Replay(original, fingerprint);
        }

        var quota = workspaceOptions.Value.MaxLiveWorkspacesPerUser;
        var live = user.IsAdmin ? 0 : await WorkspaceQuota.CountLiveAsync(db, user.Id, cancellationToken);
        if (live >= quota)
        {
            return WorkspaceQuota.Reached(quota, live);
        }

        // A warm pool's member if one waits (it becomes this workspace), else a build of its own.
        var claim = await pools.ClaimAsync(workspace, cancellationToken);
        if (claim?.Member is { } member)
        {
            workspace = member;
            await jobs.WakeOrStageAsync(Workstation.WorkspaceReconciler.JobKind, workspace.Id, CorrelationId.Of(http.HttpContext), cancellationToken);
        }
        else
        {
            db.Workspaces.Add(workspace);
            jobs.Stage(Workstation.WorkspaceReconciler.JobKind, workspace.Id, CorrelationId.Of(http.HttpContext));
        }

        var path = claim is null ? "on-demand (no pool)" : claim.Member is null ? $"on-demand ({claim.FallbackReason})" : claim.Path;
        audit.Stage(user.Id, "workspace.create", workspace.Id.ToString(), AuditOutcome.Accepted, CorrelationId.Of(http.HttpContext),
            $"blueprint={valid.Blueprint.Name} os={valid.OperatingSystem} bundle={valid.BundleId} region={valid.Region.Region} ({valid.Region.Reason}) path={path}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException) when (key.Length > 0)
        {
            // The same key raced in from another request: answer with the one that won.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await FindByKeyAsync(db, user, key, cancellationToken) is { } winner)
            {
                return Replay(winner, fingerprint);
            }

            throw;
        }

        signal.Notify();
        return Accepted(workspace);
    }

    private static Workspace NewWorkspace(ForgeUser user, ValidatedCreate valid, RegionOptions regions, string key, string fingerprint, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = user.Id,
        OwnerTeams = [.. user.Teams],
        OwnerRoles = [.. user.Roles],
        DirectoryUser = user.DirectoryUser,
        Blueprint = valid.Blueprint.Name,
        OperatingSystem = valid.OperatingSystem,
        BundleId = valid.BundleId,
        Region = valid.Region.Region!,
        RegionReason = valid.Region.Reason,
        DirectoryId = regions.Available[valid.Region.Region!].DirectoryId,
        IdempotencyKey = key.Length > 0 ? key : null,
        RequestFingerprint = fingerprint,
        RequestedAt = now,
        UpdatedAt = now,
    };

    private static Task<Workspace?> FindByKeyAsync(ForgeDbContext db, ForgeUser user, string key, CancellationToken cancellationToken) =>
        db.Workspaces.AsNoTracking().Include(w => w.Steps)
            .SingleOrDefaultAsync(w => w.OwnerId == user.Id && w.IdempotencyKey == key, cancellationToken);

    private static Results<AcceptedAtRoute<WorkspaceView>, ProblemHttpResult> Replay(Workspace earlier, string fingerprint) =>
        earlier.RequestFingerprint == fingerprint
            ? Accepted(earlier)
            : Problems.Unprocessable(IdempotencyHeader, "This Idempotency-Key was already used with a different request.");

    private static AcceptedAtRoute<WorkspaceView> Accepted(Workspace workspace) =>
        TypedResults.AcceptedAtRoute(WorkspaceView.From(workspace), WorkspacesApi.GetRouteName, new { id = workspace.Id });

    private static string Fingerprint(CreateWorkspaceRequest request) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(request with
        {
            LatencyHintsMs = request.LatencyHintsMs?.OrderBy(h => h.Key, StringComparer.Ordinal).ToDictionary(),
        }))))[..32];
}
