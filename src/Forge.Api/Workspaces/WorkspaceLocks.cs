using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// Leases on workspaces in the database, so no two workers (in any replica) act on one workspace
/// at once. A lease expires by itself when its holder dies. "Not taken" is an outcome, not an error.
/// </summary>
public sealed partial class WorkspaceLocks(
    ForgeDbContext db, TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceLocks> logger)
{
    /// <summary>
    /// Runs a job's <paramref name="work"/> on its workspace under the workspace's lease (held by the
    /// worker and job, for <see cref="WorkspaceOptions.LockLease"/>), released after it whatever happens.
    /// When another holder has it, the job looks again after <see cref="WorkspaceOptions.LockRetryDelay"/>.
    /// </summary>
    public async Task<JobOutcome> RunLockedAsync(Job job, string workerId, Func<Task<JobOutcome>> work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(work);
        var holder = $"{workerId}/{job.Id}";
        if (!await TryAcquireAsync(job.SubjectId, holder, options.Value.LockLease, cancellationToken))
        {
            LogLockBusy(logger, job.SubjectId, job.Kind);
            return JobOutcome.LookAgainAfter(options.Value.LockRetryDelay);
        }

        try
        {
            return await work();
        }
        finally
        {
            await ReleaseAsync(job.SubjectId, holder, CancellationToken.None);
        }
    }

    public async Task<bool> TryAcquireAsync(Guid workspaceId, string holder, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var expires = now + lease;
        var taken = await db.WorkspaceLocks
            .Where(l => l.WorkspaceId == workspaceId && (l.ExpiresAt <= now || l.Holder == holder))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, expires), cancellationToken);
        if (taken == 1)
        {
            return true;
        }

        if (await db.WorkspaceLocks.AnyAsync(l => l.WorkspaceId == workspaceId, cancellationToken))
        {
            // A live lease: answered without the failing insert, which EF would log as a database error.
            return false;
        }

        var row = new WorkspaceLock { WorkspaceId = workspaceId, Holder = holder, ExpiresAt = expires };
        db.WorkspaceLocks.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            // Someone else holds a live lease (the primary key says so).
            return false;
        }
        finally
        {
            db.Entry(row).State = EntityState.Detached;
        }
    }

    public Task ReleaseAsync(Guid workspaceId, string holder, CancellationToken cancellationToken) =>
        db.WorkspaceLocks.Where(l => l.WorkspaceId == workspaceId && l.Holder == holder).ExecuteDeleteAsync(cancellationToken);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Workspace {WorkspaceId} is locked by another worker; its {Kind} job looks again soon")]
    private static partial void LogLockBusy(ILogger logger, Guid workspaceId, string kind);
}
