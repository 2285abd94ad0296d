using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Blueprints;
using Forge.Api.Cloud;
using Forge.Api.Hardening;
using Forge.Api.Jobs;
using Forge.Api.Lifecycle;
using Forge.Api.Persistence;
using Forge.Api.Regions;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

/// <summary>What a pool learned and how far it has read, persisted with it as JSON.</summary>
/// <param name="Forecast">The demand forecast's state.</param>
/// <param name="ClaimsReadTo">Requests recorded up to here are in the forecast.</param>
/// <param name="LeadTime">Observed build times (start to verified).</param>
/// <param name="BuildsReadTo">Members pooled up to here are in <paramref name="LeadTime"/>.</param>
/// <param name="ResumeTime">Observed start times of stopped members (resumed, or claimed stopped).</param>
/// <param name="StartsReadTo">Starts completed up to here are in <paramref name="ResumeTime"/>.</param>
public sealed record PoolLearning(
    ForecastState Forecast, DateTimeOffset ClaimsReadTo, DurationEstimate LeadTime, DateTimeOffset BuildsReadTo, DurationEstimate ResumeTime,
    DateTimeOffset StartsReadTo)
{
    public static PoolLearning Fresh(DateTimeOffset now) => new(
        SeasonalForecast.Empty(now).State, now, DurationEstimate.Prior(PoolDefaults.LeadTime), now, DurationEstimate.Prior(PoolDefaults.ResumeTime), now);
}

/// <summary>The latest plan as <c>GET /api/v1/pools</c> shows it: targets, the actions taken toward them, and why.</summary>
public sealed record PoolPlanView(
    int TargetInventory, int TargetRunning, int TargetStopped, int Ceiling, IReadOnlyList<PoolActionView> Actions, string Reason,
    double LeadTimeMinutes, double ResumeTimeMinutes);

public sealed record PoolActionView(string Kind, int Count, string Reason);

/// <summary>
/// One pool's actor: the job of kind <see cref="JobKind"/> on the pool's id (one open at a time, across processes).
/// Each pass is snapshot → plan (<see cref="PoolSizing"/>, pure) → act: it builds members (one CreateWorkspaces per
/// 25, for pool identities it creates first), and resumes, parks or retires members by setting their status and
/// waking their own jobs, which do the work as engine transitions. It also learns (forecast, lead and resume
/// times), pauses the pool after consecutive failed builds, and retires the identities of ended pool-built
/// workstations.
/// </summary>
public sealed partial class PoolReconciler(
    ForgeDbContext db, PoolCatalog catalog, BlueprintCatalog blueprints, IOptions<RegionOptions> regions, IWorkspaceCloud cloud, DirectoryGuard directories,
    PoolIdentityDirectory identities, JobQueue jobs, JobSignal signal, AuditLog audit, IOptions<LifecycleOptions> lifecycle, TimeProvider timeProvider,
    ILogger<PoolReconciler> logger) : IJobHandler
{
    public const string JobKind = "pool";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string Kind => JobKind;

    public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var pool = await db.WarmPools.SingleOrDefaultAsync(p => p.Id == job.SubjectId, cancellationToken);
        if (pool is null)
        {
            return JobOutcome.Done;
        }

        // Replenishing is work nobody waits on: its calls let those of claims and on-demand builds go first.
        Forge.Aws.AwsCallUrgency.MarkBackground();
        try
        {
            await PassAsync(pool, cancellationToken);
            signal.Notify();
            return JobOutcome.LookAgainAfter(catalog.Planner.ReviewPeriod);
        }
        catch (DbUpdateConcurrencyException)
        {
            // An admin changed the pool meanwhile: plan again from what it says now.
            return JobOutcome.LookAgainAfter(TimeSpan.Zero);
        }
    }

    private async Task PassAsync(WarmPool pool, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var key = pool.Key;
        var configured = catalog.Find(pool.PoolKey)?.Bounds ?? new PoolBounds { Enabled = false }; // gone from configuration: drained
        var bounds = PoolCatalog.Effective(configured, pool);
        var learning = await LearnAsync(pool, now, cancellationToken);
        var forecast = new SeasonalForecast(learning.Forecast);
        await CountFailuresAsync(pool, cancellationToken);

        var members = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Pool == key && w.ClaimedAt == null && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed
                && w.Status != WorkspaceStatus.Terminating)
            .ToListAsync(cancellationToken);
        var bundle = (await blueprints.FindAsync(pool.Blueprint, cancellationToken))?.For(pool.OperatingSystem)?.DefaultBundle;
        // Members of a bundle the blueprint no longer defaults to are never claimed: they go first.
        var outdated = members.Where(m => m.BundleId != bundle && m.Transition == null && m.Status is WorkspaceStatus.Ready or WorkspaceStatus.Stopped).ToList();
        var current = members.Except(outdated).ToList();
        var running = current.Where(m => m.Status == WorkspaceStatus.Ready && m.Transition == null).ToList();
        var stopped = current.Where(m => m.Status == WorkspaceStatus.Stopped && m.Transition == null).ToList();
        var snapshot = new PoolSnapshot(
            Running: running.Count,
            Stopped: stopped.Count + current.Count(m => m.Status == WorkspaceStatus.Stopping),
            Building: current.Count(m => m.Status == WorkspaceStatus.Provisioning),
            Resuming: current.Count(m => m.Status == WorkspaceStatus.Starting),
            RegionBuildsInFlight: await db.Workspaces.CountAsync(w => w.Region == pool.Region && w.Status == WorkspaceStatus.Provisioning
                && (w.Pool == null || w.ClaimedAt == null), cancellationToken),
            ConsecutiveBuildFailures: pool.ConsecutiveBuildFailures,
            LastFailure: pool.LastBuildFailure,
            Reservations: await db.PoolReservations.AsNoTracking().Where(r => r.PoolId == pool.Id && r.At >= now)
                .Select(r => new PoolReservation(r.At, r.Count)).ToListAsync(cancellationToken),
            LeadTime: learning.LeadTime,
            ResumeTime: learning.ResumeTime);
        var plan = PoolSizing.Plan(snapshot, forecast, bounds, catalog.Planner, now);
        if (plan.PauseReason is { } pause && !bounds.Paused)
        {
            pool.Paused = true;
            pool.PauseReason = pause;
            pool.PausedBy = AuditLog.SystemActor;
            pool.PausedAt = now;
            audit.Stage(AuditLog.SystemActor, "pool.paused", key, AuditOutcome.Succeeded, null, pause);
            LogPaused(logger, key, pause);
        }

        var taken = new List<PoolActionView>();
        foreach (var action in plan.Actions)
        {
            var done = action.Kind switch
            {
                PoolActionKind.Build when bundle is not null => await BuildAsync(pool, bundle, action.Count, now, cancellationToken),
                PoolActionKind.Resume => await MoveAsync(stopped, action.Count, WorkspaceStatus.Starting, oldestFirst: true, cancellationToken),
                PoolActionKind.Stop => await MoveAsync(running, action.Count, WorkspaceStatus.Stopping, oldestFirst: false, cancellationToken),
                PoolActionKind.Terminate when !bounds.Enabled => await MoveAsync([.. stopped, .. running], action.Count, WorkspaceStatus.Terminating, oldestFirst: true, cancellationToken),
                PoolActionKind.Terminate => await MoveAsync(stopped, action.Count, WorkspaceStatus.Terminating, oldestFirst: true, cancellationToken),
                _ => 0,
            };
            if (done > 0)
            {
                taken.Add(new PoolActionView(action.Kind.ToString().ToLowerInvariant(), done, action.Reason));
            }
        }

        if (await MoveAsync(outdated, outdated.Count, WorkspaceStatus.Terminating, oldestFirst: true, cancellationToken) is > 0 and var retired)
        {
            taken.Add(new PoolActionView("terminate", retired, $"built from a bundle other than the blueprint's default ({bundle ?? "none"})"));
        }

        await RetireIdentitiesAsync(key, cancellationToken);
        pool.Learning = JsonSerializer.Serialize(learning with { Forecast = forecast.State }, Json);
        pool.LastPlan = JsonSerializer.Serialize(new PoolPlanView(plan.Targets.Inventory, plan.Targets.Running, plan.Targets.Stopped, plan.Targets.Ceiling,
            taken, plan.Reason, learning.LeadTime.Quantile(catalog.Planner.LeadTimeQuantile).TotalMinutes,
            learning.ResumeTime.Quantile(catalog.Planner.LeadTimeQuantile).TotalMinutes), Json);
        pool.LastPlannedAt = now;
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Builds <paramref name="count"/> members: their rows and jobs first (so none is ever unknown to Forge), the
    /// jobs held back by <see cref="InterruptedBuildGrace"/>; their pool identities; one CreateWorkspaces per 25;
    /// then their jobs woken. Should the pass die before the call's answer is saved, each member's job wakes after
    /// the grace and its create finds what the interrupted call made before making one; meanwhile nothing else
    /// creates for them (the sweep sees their jobs).
    /// </summary>
    private async Task<int> BuildAsync(WarmPool pool, string bundle, int count, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!regions.Value.Available.TryGetValue(pool.Region, out var region))
        {
            return 0;
        }

        var built = 0;
        var autoStop = lifecycle.Value.PolicyFor(pool.Blueprint).AutoStopTimeoutMinutes;
        foreach (var size in PoolSizing.CreateBatches(count, catalog.Planner.MaxCreatesPerCall))
        {
            var batch = Enumerable.Range(0, size).Select(_ => NewMember(pool, bundle, region.DirectoryId, now)).ToList();
            db.Workspaces.AddRange(batch);
            foreach (var member in batch)
            {
                jobs.Stage(WorkspaceReconciler.JobKind, member.Id, null).RunAfter = now + InterruptedBuildGrace;
            }

            await db.SaveChangesAsync(cancellationToken);

            var code = await directories.EnsureAsync(pool.Region, region.DirectoryId, cancellationToken);
            foreach (var member in batch)
            {
                member.RegistrationCode = code;
                await identities.CreateAsync(PoolIdentities.Of(member), cancellationToken);
            }

            var outcomes = await cloud.CreateManyAsync([.. batch.Select(m => new WorkspaceSpec(m.Id, m.Region, m.DirectoryId, m.DirectoryUser, m.BundleId,
                m.OperatingSystem, m.Blueprint, autoStop))], cancellationToken);
            foreach (var (member, outcome) in batch.Zip(outcomes))
            {
                if (outcome.Created is { } made)
                {
                    member.CloudWorkspaceId = made.WorkspaceId;
                    member.CloudState = made.State;
                    member.ActionIssuedAt = now;
                    built++;
                }
                else
                {
                    // Its job tries once more on its own, and a refusal there is a failed build (counted toward the pause).
                    LogCreateRefused(logger, pool.Key, member.Id, outcome.Error ?? "");
                }
            }

            audit.Stage(AuditLog.SystemActor, "pool.build", pool.Key, AuditOutcome.Accepted, null,
                $"{size} members in one CreateWorkspaces call: {outcomes.Count(o => o.Created is not null)} accepted");
            await db.SaveChangesAsync(cancellationToken);
            await jobs.WakeAsync(WorkspaceReconciler.JobKind, [.. batch.Select(m => m.Id)], cancellationToken);
        }

        return built;
    }

    /// <summary>How long a new member's job waits for its pool's batch create before it creates the WorkSpace itself.</summary>
    public static readonly TimeSpan InterruptedBuildGrace = TimeSpan.FromMinutes(5);

    private Workspace NewMember(WarmPool pool, string bundle, string directoryId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        OwnerId = PoolMembers.Owner,
        DirectoryUser = identities.NewUserName(),
        Blueprint = pool.Blueprint,
        OperatingSystem = pool.OperatingSystem,
        BundleId = bundle,
        Region = pool.Region,
        RegionReason = $"built for the warm pool {pool.Key}",
        DirectoryId = directoryId,
        Pool = pool.Key,
        PoolBuildStartedAt = now,
        RequestedAt = now,
        UpdatedAt = now,
    };

    /// <summary>
    /// Sets members' status to <paramref name="to"/> (starting: resume, stopping: park, terminating: retire) where they are
    /// still at rest and unclaimed, and wakes their jobs; a claim that took one first wins. The candidates were chosen at rest.
    /// </summary>
    private async Task<int> MoveAsync(List<Workspace> candidates, int count, string to, bool oldestFirst, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var moved = 0;
        var ordered = oldestFirst ? candidates.OrderBy(m => m.PooledAt) : candidates.OrderByDescending(m => m.PooledAt);
        foreach (var member in ordered.Take(count).ToList())
        {
            var status = member.Status;
            var changed = await db.Workspaces.Where(w => w.Id == member.Id && w.ClaimedAt == null && w.Status == status && w.Transition == null)
                .ExecuteUpdateAsync(s => s.SetProperty(w => w.Status, to).SetProperty(w => w.ActionIssuedAt, (DateTimeOffset?)null)
                    .SetProperty(w => w.UpdatedAt, now).SetProperty(w => w.Version, w => w.Version + 1), cancellationToken);
            if (changed == 1)
            {
                await jobs.WakeOrStageAsync(WorkspaceReconciler.JobKind, member.Id, null, cancellationToken);
                candidates.Remove(member);
                moved++;
            }
        }

        return moved;
    }

    /// <summary>The forecast reads the requests recorded since the last pass; lead and resume times the builds and starts that ended since.</summary>
    private async Task<PoolLearning> LearnAsync(WarmPool pool, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var learning = pool.Learning is { } json ? JsonSerializer.Deserialize<PoolLearning>(json, Json)! : PoolLearning.Fresh(now);
        var forecast = new SeasonalForecast(learning.Forecast);
        var claims = await db.PoolClaims.AsNoTracking().Where(c => c.Pool == pool.Key && c.At > learning.ClaimsReadTo && c.At <= now)
            .OrderBy(c => c.At).Select(c => c.At).ToListAsync(cancellationToken);
        foreach (var at in claims)
        {
            forecast.Observe(at);
        }

        forecast.Advance(now);
        var builds = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Pool == pool.Key && w.PooledAt > learning.BuildsReadTo && w.PoolBuildStartedAt != null)
            .Select(w => new { w.PoolBuildStartedAt, w.PooledAt }).ToListAsync(cancellationToken);
        var lead = builds.Aggregate(learning.LeadTime, (e, b) => e.Observe(b.PooledAt!.Value - b.PoolBuildStartedAt!.Value));
        var starts = await db.WorkspaceSteps.AsNoTracking()
            .Where(s => s.Name == StepNames.Start && s.Status == StepStatus.Succeeded && s.CompletedAt > learning.StartsReadTo
                && db.Workspaces.Any(w => w.Id == s.WorkspaceId && w.Pool == pool.Key))
            .Select(s => new { s.StartedAt, s.CompletedAt }).ToListAsync(cancellationToken);
        // A running member's claim completes its start step at once: only starts that took time say how long a resume takes.
        var resume = starts.Where(s => s.CompletedAt > s.StartedAt)
            .Aggregate(learning.ResumeTime, (e, s) => e.Observe(s.CompletedAt!.Value - s.StartedAt));
        return new PoolLearning(forecast.State, claims.Count > 0 ? claims[^1] : learning.ClaimsReadTo, lead,
            builds.Count > 0 ? builds.Max(b => b.PooledAt!.Value) : learning.BuildsReadTo, resume,
            starts.Count > 0 ? starts.Max(s => s.CompletedAt!.Value) : learning.StartsReadTo);
    }

    /// <summary>Failed builds since the last that passed verification (since an admin's resume at the earliest), the newest first.</summary>
    private async Task CountFailuresAsync(WarmPool pool, CancellationToken cancellationToken)
    {
        var from = pool.BuildsCountedFrom ?? DateTimeOffset.MinValue;
        var lastSuccess = await db.Workspaces.Where(w => w.Pool == pool.Key && w.PooledAt != null).MaxAsync(w => w.PooledAt, cancellationToken);
        var since = lastSuccess is { } success && success > from ? success : from;
        var failures = await db.Workspaces.AsNoTracking().IgnoreAutoIncludes()
            .Where(w => w.Pool == pool.Key && w.PooledAt == null && w.ClaimedAt == null && w.Status == WorkspaceStatus.Failed && w.FailedAt > since)
            .OrderByDescending(w => w.FailedAt).Select(w => w.Error).ToListAsync(cancellationToken);
        pool.ConsecutiveBuildFailures = failures.Count;
        pool.LastBuildFailure = failures.FirstOrDefault();
    }

    /// <summary>The pool identities of this pool's ended workstations (unclaimed or claimed): disabled, deleted, their credential with them.</summary>
    private async Task RetireIdentitiesAsync(string key, CancellationToken cancellationToken)
    {
        var ended = await db.Workspaces.IgnoreAutoIncludes()
            .Where(w => w.Pool == key && w.IdentityRetiredAt == null && w.Transition == null
                && (w.Status == WorkspaceStatus.Terminated || w.Status == WorkspaceStatus.Failed))
            .OrderBy(w => w.UpdatedAt).Take(catalog.Planner.MaxCreatesPerCall).ToListAsync(cancellationToken);
        foreach (var workspace in ended.Where(w => w.DirectoryUser.Length > 0))
        {
            await identities.RetireAsync(PoolIdentities.Of(workspace), cancellationToken);
            workspace.IdentityRetiredAt = timeProvider.GetUtcNow();
            audit.Stage(AuditLog.SystemActor, "pool.identity-retired", workspace.Id.ToString(), AuditOutcome.Succeeded, null, workspace.DirectoryUser);
        }
    }

    [LoggerMessage(EventId = 9101, Level = LogLevel.Warning, Message = "Pool {Pool} paused: {Reason}")]
    private static partial void LogPaused(ILogger logger, string pool, string reason);

    [LoggerMessage(EventId = 9102, Level = LogLevel.Warning, Message = "Pool {Pool}: CreateWorkspaces refused member {WorkspaceId}: {Error}")]
    private static partial void LogCreateRefused(ILogger logger, string pool, Guid workspaceId, string error);
}
