using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Jobs;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Pools;

/// <summary>A pool's bounds in force (configuration, then an admin's overrides) and which of them an admin set.</summary>
public sealed record PoolBoundsView(int Min, int Max, bool Enabled, bool Paused, int? MinOverride, int? MaxOverride, bool? EnabledOverride);

/// <summary>Unclaimed members by where they stand: the running tier, the stopped tier, and those on their way.</summary>
public sealed record PoolMembersView(int Running, int Stopped, int Building, int Resuming, int Parking, int Retiring, IReadOnlyList<PoolMemberView> Members);

public sealed record PoolMemberView(Guid Id, string Status, string? Transition, string? CloudWorkspaceId, string? CloudState, DateTimeOffset BuildStartedAt, DateTimeOffset? PooledAt);

/// <summary>The last 24 hours: requests for the pool and how they were served, and its builds.</summary>
public sealed record PoolActivityView(int Requests, int RunningHits, int StoppedHits, int Fallbacks, double? HitRate, int Builds, int FailedBuilds);

public sealed record ReservationView(Guid Id, DateTimeOffset At, int Count, string? Note, string CreatedBy, DateTimeOffset CreatedAt);

public sealed record PoolView(
    string Pool, string Blueprint, string OperatingSystem, string Region, bool Configured, PoolBoundsView Bounds, string? PauseReason, string? PausedBy,
    DateTimeOffset? PausedAt, int ConsecutiveBuildFailures, string? LastBuildFailure, PoolMembersView Members, PoolPlanView? Plan, DateTimeOffset? PlannedAt,
    PoolActivityView Last24Hours, IReadOnlyList<ReservationView> Reservations);

public sealed record PoolPage(IReadOnlyList<PoolView> Pools);

/// <summary>An admin's change of a pool; a member left out (or null) is left as it is.</summary>
public sealed record UpdatePoolRequest(int? Min, int? Max, bool? Enabled, bool? Paused);

/// <summary>Announced demand: <see cref="Count"/> developers expected at <see cref="At"/> (an onboarding cohort).</summary>
public sealed record CreateReservationRequest(DateTimeOffset? At, int? Count, string? Note);

public sealed record ReservationPage(IReadOnlyList<ReservationView> Reservations);

/// <summary>
/// <c>/api/v1/pools</c> (admins only; developers and team leads get 403): every pool with its members by tier
/// and state, its targets and why, its last day's hit rate and builds, its pause and why; an admin's change of
/// its bounds and switches; and announced demand (reservations). Every change is audited and wakes the pool's actor.
/// </summary>
public static class PoolsApi
{
    public const int MaxReservationCount = 1000;
    public static readonly TimeSpan ReservationHorizon = TimeSpan.FromDays(90);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPoolsApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/pools").RequireAuthorization().WithTags("Pools");
        group.MapGet("", ListAsync);
        group.MapPatch("/{blueprint}/{os}/{region}", UpdateAsync).Accepts<UpdatePoolRequest>("application/json");
        group.MapGet("/{blueprint}/{os}/{region}/reservations", ListReservationsAsync);
        group.MapPost("/{blueprint}/{os}/{region}/reservations", CreateReservationAsync).Accepts<CreateReservationRequest>("application/json");
        group.MapDelete("/{blueprint}/{os}/{region}/reservations/{id:guid}", DeleteReservationAsync);
        endpoints.MapPost("/api/v1/workspaces/{id:guid}/sign-in", PoolSignIn.RevealAsync).RequireAuthorization().WithTags("Workspaces");
        return endpoints;
    }

    private static async Task<Results<Ok<PoolPage>, ProblemHttpResult>> ListAsync(ForgeUser user, ForgeDbContext db, PoolCatalog catalog,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("Warm pools are for admins.");
        }

        var pools = await db.WarmPools.AsNoTracking().OrderBy(p => p.Key).ToListAsync(cancellationToken);
        var views = new List<PoolView>(pools.Count);
        foreach (var pool in pools)
        {
            views.Add(await ViewAsync(db, catalog, pool, timeProvider.GetUtcNow(), cancellationToken));
        }

        return TypedResults.Ok(new PoolPage(views));
    }

    private static async Task<Results<Ok<PoolView>, ProblemHttpResult>> UpdateAsync(string blueprint, string os, string region, HttpContext http, ForgeUser user,
        ForgeDbContext db, PoolCatalog catalog, AuditLog audit, JobQueue jobs, JobSignal signal, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<UpdatePoolRequest>(http.Request, cancellationToken);
        // The pool's actor saves it every pass: a change that meets one of those saves reads the pool again and applies afresh.
        for (var attempt = 1; ; attempt++)
        {
            var (pool, refused) = await FindAsync(blueprint, os, region, user, db, cancellationToken);
            if (refused is not null || problem is not null)
            {
                return refused ?? problem!;
            }

            if (Check(request!, pool!, catalog) is { } invalid)
            {
                return invalid;
            }

            var now = timeProvider.GetUtcNow();
            Apply(request!, pool!, user, now);
            audit.Stage(user.Id, "pool.update", pool!.Key, AuditOutcome.Succeeded, CorrelationId.Of(http),
                $"min={request!.Min?.ToString() ?? "-"} max={request.Max?.ToString() ?? "-"} enabled={request.Enabled?.ToString() ?? "-"} paused={request.Paused?.ToString() ?? "-"}");
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await jobs.WakeOrStageAsync(PoolReconciler.JobKind, pool.Id, CorrelationId.Of(http), cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.Conflict("The pool changed while this request was handled; read it again and retry.");
            }

            signal.Notify();
            return TypedResults.Ok(await ViewAsync(db, catalog, pool, now, cancellationToken));
        }
    }

    /// <summary>The bounds a change leaves: each from 0 to 1000, min not above max (the ones it does not set as they are).</summary>
    private static ProblemHttpResult? Check(UpdatePoolRequest request, WarmPool pool, PoolCatalog catalog)
    {
        var configured = catalog.Find(pool.PoolKey)?.Bounds ?? new PoolBounds { Enabled = false };
        var min = request.Min ?? pool.MinOverride ?? configured.Min;
        var max = request.Max ?? pool.MaxOverride ?? configured.Max;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Min is < 0 or > 1000)
        {
            errors["min"] = ["From 0 to 1000."];
        }

        if (request.Max is < 0 or > 1000)
        {
            errors["max"] = ["From 0 to 1000."];
        }

        if (errors.Count == 0 && min > max)
        {
            errors[request.Max is null ? "min" : "max"] = [$"min ({min}) must not be above max ({max})."];
        }

        return errors.Count > 0 ? Problems.Unprocessable(errors) : null;
    }

    private static void Apply(UpdatePoolRequest request, WarmPool pool, ForgeUser user, DateTimeOffset now)
    {
        pool.MinOverride = request.Min ?? pool.MinOverride;
        pool.MaxOverride = request.Max ?? pool.MaxOverride;
        pool.EnabledOverride = request.Enabled ?? pool.EnabledOverride;
        if (request.Paused == true && !pool.Paused)
        {
            pool.Paused = true;
            pool.PauseReason = $"paused by {user.Id}";
            pool.PausedBy = user.Id;
            pool.PausedAt = now;
        }
        else if (request.Paused == false && pool.Paused)
        {
            // Resumed: the failures that paused it are behind the admin's decision, so they count afresh.
            pool.Paused = false;
            pool.PauseReason = null;
            pool.PausedBy = null;
            pool.PausedAt = null;
            pool.BuildsCountedFrom = now;
            pool.ConsecutiveBuildFailures = 0;
        }
    }

    private static async Task<Results<Ok<ReservationPage>, ProblemHttpResult>> ListReservationsAsync(string blueprint, string os, string region,
        ForgeUser user, ForgeDbContext db, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (pool, refused) = await FindAsync(blueprint, os, region, user, db, cancellationToken);
        return refused is not null
            ? refused
            : TypedResults.Ok(new ReservationPage(await ReservationsAsync(db, pool!.Id, timeProvider.GetUtcNow(), cancellationToken)));
    }

    private static async Task<Results<Created<ReservationView>, ProblemHttpResult>> CreateReservationAsync(string blueprint, string os, string region,
        HttpContext http, ForgeUser user, ForgeDbContext db, AuditLog audit, JobQueue jobs, JobSignal signal, TimeProvider timeProvider,
        CancellationToken cancellationToken)
    {
        var (pool, refused) = await FindAsync(blueprint, os, region, user, db, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var (request, problem) = await JsonBody.ReadAsync<CreateReservationRequest>(http.Request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var now = timeProvider.GetUtcNow();
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request!.At is not { } at)
        {
            errors["at"] = ["When the demand is expected (ISO 8601, with an offset) is required."];
        }
        else if (at < now || at > now + ReservationHorizon)
        {
            errors["at"] = [$"Between now and {ReservationHorizon.TotalDays:0} days ahead."];
        }

        if (request.Count is not (>= 1 and <= MaxReservationCount))
        {
            errors["count"] = [$"How many developers are expected: from 1 to {MaxReservationCount}."];
        }

        if (request.Note is { } note && (note.Length > 256 || note.Any(char.IsControl)))
        {
            errors["note"] = ["At most 256 printable characters."];
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable(errors);
        }

        var reservation = new Reservation
        {
            Id = Guid.CreateVersion7(now), PoolId = pool!.Id, At = StoredTime.Truncate(request.At!.Value), Count = request.Count!.Value, Note = request.Note,
            CreatedBy = user.Id, CreatedAt = StoredTime.Truncate(now),
        };
        db.PoolReservations.Add(reservation);
        audit.Stage(user.Id, "pool.reservation.create", pool.Key, AuditOutcome.Succeeded, CorrelationId.Of(http),
            $"{reservation.Count} at {reservation.At:O} ({reservation.Id})");
        await jobs.WakeOrStageAsync(PoolReconciler.JobKind, pool.Id, CorrelationId.Of(http), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Created($"/api/v1/pools/{pool.Key}/reservations/{reservation.Id}", View(reservation));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteReservationAsync(string blueprint, string os, string region, Guid id,
        HttpContext http, ForgeUser user, ForgeDbContext db, AuditLog audit, JobQueue jobs, JobSignal signal, CancellationToken cancellationToken)
    {
        var (pool, refused) = await FindAsync(blueprint, os, region, user, db, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var reservation = await db.PoolReservations.SingleOrDefaultAsync(r => r.Id == id && r.PoolId == pool!.Id, cancellationToken);
        if (reservation is null)
        {
            return Problems.NotFound("reservation");
        }

        db.PoolReservations.Remove(reservation);
        audit.Stage(user.Id, "pool.reservation.delete", pool!.Key, AuditOutcome.Succeeded, CorrelationId.Of(http),
            $"{reservation.Count} at {reservation.At:O} ({reservation.Id})");
        await jobs.WakeOrStageAsync(PoolReconciler.JobKind, pool.Id, CorrelationId.Of(http), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.NoContent();
    }

    /// <summary>The pool the route names, for an admin: 403 for anyone else, 404 for a pool Forge does not keep.</summary>
    private static async Task<(WarmPool? Pool, ProblemHttpResult? Refused)> FindAsync(string blueprint, string os, string region, ForgeUser user,
        ForgeDbContext db, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return (null, Problems.Forbidden("Warm pools are for admins."));
        }

        var key = new PoolKey(blueprint, os, region).ToString();
        var pool = key.Length <= 128 && !key.Contains('\0', StringComparison.Ordinal)
            ? await db.WarmPools.SingleOrDefaultAsync(p => p.Key == key, cancellationToken)
            : null;
        return pool is null ? (null, Problems.NotFound("pool")) : (pool, null);
    }

    private static async Task<PoolView> ViewAsync(ForgeDbContext db, PoolCatalog catalog, WarmPool pool, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var definition = catalog.Find(pool.PoolKey);
        var bounds = PoolCatalog.Effective(definition?.Bounds ?? new PoolBounds { Enabled = false }, pool);
        var members = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Pool == pool.Key && w.ClaimedAt == null && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed)
            .OrderBy(w => w.PoolBuildStartedAt)
            .Select(w => new PoolMemberView(w.Id, w.Status, w.Transition, w.CloudWorkspaceId, w.CloudState, w.PoolBuildStartedAt ?? w.RequestedAt, w.PooledAt))
            .ToListAsync(cancellationToken);
        var dayAgo = now.AddDays(-1);
        var claims = await db.PoolClaims.AsNoTracking().Where(c => c.Pool == pool.Key && c.At > dayAgo).Select(c => c.Path).ToListAsync(cancellationToken);
        var builds = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Pool == pool.Key && w.PoolBuildStartedAt > dayAgo)
            .Select(w => new { w.PooledAt, w.Status, w.ClaimedAt }).ToListAsync(cancellationToken);
        int running = claims.Count(p => p == ProvisioningPaths.PoolRunning), stopped = claims.Count(p => p == ProvisioningPaths.PoolStopped);
        return new PoolView(
            pool.Key, pool.Blueprint, pool.OperatingSystem, pool.Region, definition is not null,
            new PoolBoundsView(bounds.Min, bounds.Max, bounds.Enabled, bounds.Paused, pool.MinOverride, pool.MaxOverride, pool.EnabledOverride),
            pool.PauseReason ?? (bounds.Paused ? "paused by configuration" : null), pool.PausedBy, pool.PausedAt, pool.ConsecutiveBuildFailures, pool.LastBuildFailure,
            new PoolMembersView(
                Running: members.Count(m => m.Status == WorkspaceStatus.Ready && m.Transition is null),
                Stopped: members.Count(m => m.Status == WorkspaceStatus.Stopped && m.Transition is null),
                Building: members.Count(m => m.Status == WorkspaceStatus.Provisioning),
                Resuming: members.Count(m => m.Status == WorkspaceStatus.Starting),
                Parking: members.Count(m => m.Status == WorkspaceStatus.Stopping),
                Retiring: members.Count(m => m.Status == WorkspaceStatus.Terminating),
                members),
            pool.LastPlan is { } plan ? JsonSerializer.Deserialize<PoolPlanView>(plan, Json) : null, pool.LastPlannedAt,
            new PoolActivityView(claims.Count, running, stopped, claims.Count - running - stopped,
                claims.Count == 0 ? null : Math.Round((double)(running + stopped) / claims.Count, 4),
                builds.Count, builds.Count(b => b.PooledAt is null && b.Status == WorkspaceStatus.Failed && b.ClaimedAt is null)),
            await ReservationsAsync(db, pool.Id, now, cancellationToken));
    }

    private static async Task<IReadOnlyList<ReservationView>> ReservationsAsync(ForgeDbContext db, Guid poolId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var since = now.AddDays(-1);
        return [.. (await db.PoolReservations.AsNoTracking().Where(r => r.PoolId == poolId && r.At > since).OrderBy(r => r.At).ToListAsync(cancellationToken))
            .Select(View)];
    }

    private static ReservationView View(Reservation r) => new(r.Id, r.At, r.Count, r.Note, r.CreatedBy, r.CreatedAt);
}
