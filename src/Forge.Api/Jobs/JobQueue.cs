using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Jobs;

/// <summary>
/// The job table's operations. Claims are atomic: one UPDATE over <c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL (replicas never wait on each other), a guarded UPDATE on SQLite (one writer at a
/// time). Every later change is guarded by the claimant, so a job the reaper gave away is never
/// finished by its former worker.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "It is the job queue.")]
public sealed class JobQueue(ForgeDbContext db, TimeProvider timeProvider, IOptions<JobOptions> options)
{
    /// <summary>Adds a job to the caller's unit of work (saved with the change that needs it).</summary>
    public Job Stage(string kind, Guid subjectId, string? correlationId)
    {
        var now = timeProvider.GetUtcNow();
        var job = new Job { Id = Guid.NewGuid(), Kind = kind, SubjectId = subjectId, RunAfter = now, CreatedAt = now, CorrelationId = correlationId };
        db.Jobs.Add(job);
        return job;
    }

    /// <summary>
    /// Makes sure the subject's job runs soon: a queued one is moved to now, a running one is told
    /// to run again when it finishes, and only when there is neither is a new one staged.
    /// </summary>
    public async Task WakeOrStageAsync(string kind, Guid subjectId, string? correlationId, CancellationToken cancellationToken)
    {
        if (await WakeAsync(kind, [subjectId], cancellationToken) == 0)
        {
            Stage(kind, subjectId, correlationId);
        }
    }

    /// <summary>
    /// Moves the queued jobs of these subjects to now and tells the running ones to run again; returns how many it
    /// reached. One statement for both states: a job that finishes between two separate updates (running, then queued
    /// to look again later) would be missed by both, and a job staged beside it would break the one-open-job rule.
    /// </summary>
    public async Task<int> WakeAsync(string kind, IReadOnlyList<Guid> subjectIds, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return await db.Jobs.Where(j => subjectIds.Contains(j.SubjectId) && j.Kind == kind && (j.State == JobState.Queued || j.State == JobState.Running))
            .ExecuteUpdateAsync(s => s
                .SetProperty(j => j.RunAfter, j => j.State == JobState.Queued ? now : j.RunAfter)
                .SetProperty(j => j.Rerun, j => j.State == JobState.Running || j.Rerun), cancellationToken);
    }

    public Task<bool> HasOpenJobAsync(string kind, Guid subjectId, CancellationToken cancellationToken) =>
        db.Jobs.AnyAsync(j => j.SubjectId == subjectId && j.Kind == kind && (j.State == JobState.Queued || j.State == JobState.Running), cancellationToken);

    public async Task<Job?> ClaimAsync(string workerId, CancellationToken cancellationToken)
    {
        var now = StoredTime.Truncate(timeProvider.GetUtcNow());
        return db.IsPostgres ? await ClaimOnPostgresAsync(workerId, now, cancellationToken) : await ClaimOnSqliteAsync(workerId, now, cancellationToken);
    }

    private async Task<Job?> ClaimOnPostgresAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var claimed = await db.Database.SqlQuery<Guid>($"""
            UPDATE "Jobs" SET "State" = 'running', "ClaimedBy" = {workerId}, "ClaimedAt" = {now}, "HeartbeatAt" = {now},
                "Attempts" = "Attempts" + 1, "Rerun" = FALSE
            WHERE "Id" = (
                SELECT "Id" FROM "Jobs" WHERE "State" = 'queued' AND "RunAfter" <= {now}
                ORDER BY "RunAfter" LIMIT 1 FOR UPDATE SKIP LOCKED)
            RETURNING "Id" AS "Value"
            """).ToListAsync(cancellationToken);
        return claimed.Count == 0 ? null : await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == claimed[0], cancellationToken);
    }

    private async Task<Job?> ClaimOnSqliteAsync(string workerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // A few candidates: another worker of this process may take the first between our read and our update.
        var candidates = await db.Jobs.Where(j => j.State == JobState.Queued && j.RunAfter <= now)
            .OrderBy(j => j.RunAfter).Select(j => j.Id).Take(4).ToListAsync(cancellationToken);
        foreach (var id in candidates)
        {
            var updated = await db.Jobs.Where(j => j.Id == id && j.State == JobState.Queued).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Running).SetProperty(j => j.ClaimedBy, workerId)
                .SetProperty(j => j.ClaimedAt, now).SetProperty(j => j.HeartbeatAt, now)
                .SetProperty(j => j.Attempts, j => j.Attempts + 1).SetProperty(j => j.Rerun, false), cancellationToken);
            if (updated == 1)
            {
                return await db.Jobs.AsNoTracking().SingleAsync(j => j.Id == id, cancellationToken);
            }
        }

        return null;
    }

    /// <summary>Refreshes the heartbeat; false when the job is no longer this worker's.</summary>
    public async Task<bool> HeartbeatAsync(Guid jobId, string workerId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        return await Mine(jobId, workerId).ExecuteUpdateAsync(s => s.SetProperty(j => j.HeartbeatAt, now), cancellationToken) == 1;
    }

    /// <summary>Records a run's outcome; false when the reaper had already given the job away.</summary>
    public async Task<bool> FinishAsync(Guid jobId, string workerId, JobOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var now = timeProvider.GetUtcNow();
        var mine = Mine(jobId, workerId);
        var later = now + outcome.Delay;
        var updated = outcome.Kind switch
        {
            JobOutcomeKind.Done => await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, j => j.Rerun ? JobState.Queued : JobState.Succeeded)
                .SetProperty(j => j.CompletedAt, j => j.Rerun ? null : now)
                .SetProperty(j => j.RunAfter, now).SetProperty(j => j.Failures, 0)
                .SetProperty(j => j.ClaimedBy, (string?)null).SetProperty(j => j.Rerun, false), cancellationToken),
            JobOutcomeKind.LookAgain => await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Queued)
                .SetProperty(j => j.RunAfter, j => j.Rerun ? now : later)
                .SetProperty(j => j.Failures, 0).SetProperty(j => j.ClaimedBy, (string?)null).SetProperty(j => j.Rerun, false), cancellationToken),
            JobOutcomeKind.Retry => await RetryAsync(mine, outcome.Error, now, cancellationToken),
            _ => await mine.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Failed).SetProperty(j => j.LastError, Truncate(outcome.Error))
                .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.ClaimedBy, (string?)null), cancellationToken),
        };
        return updated == 1;
    }

    /// <summary>Gives back running jobs whose worker stopped heartbeating; returns how many.</summary>
    public async Task<int> ReapAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var cutoff = now - options.Value.HeartbeatTimeout;
        return await db.Jobs.Where(j => j.State == JobState.Running && j.HeartbeatAt < cutoff).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.ClaimedBy, (string?)null)
            .SetProperty(j => j.RunAfter, now).SetProperty(j => j.Failures, j => j.Failures + 1)
            .SetProperty(j => j.LastError, "The worker running this job stopped heartbeating; the job was given back."), cancellationToken);
    }

    private async Task<int> RetryAsync(IQueryable<Job> mine, string? error, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var failures = await mine.Select(j => j.Failures).FirstOrDefaultAsync(cancellationToken) + 1;
        var runAfter = now + options.Value.RetryDelay(failures);
        return await mine.ExecuteUpdateAsync(s => s
            .SetProperty(j => j.State, JobState.Queued).SetProperty(j => j.RunAfter, runAfter)
            .SetProperty(j => j.Failures, failures).SetProperty(j => j.LastError, Truncate(error))
            .SetProperty(j => j.ClaimedBy, (string?)null).SetProperty(j => j.Rerun, false), cancellationToken);
    }

    private IQueryable<Job> Mine(Guid jobId, string workerId) =>
        db.Jobs.Where(j => j.Id == jobId && j.ClaimedBy == workerId && j.State == JobState.Running);

    private static string? Truncate(string? error) => error is { Length: > 2048 } ? error[..2048] : error;
}
