using Forge.Api.Persistence;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Workspaces;

/// <summary>
/// The per-user quota of live workspaces (<see cref="WorkspaceOptions.MaxLiveWorkspacesPerUser"/>).
/// Counted inside the transaction that inserts the new workspace, under a per-user lock, so two
/// creates racing at one below the quota cannot both pass: on PostgreSQL a transaction-scoped
/// advisory lock on the user (held across replicas), on SQLite the write lock the transaction takes
/// at its start (BEGIN IMMEDIATE: one writer at a time).
/// </summary>
public static class WorkspaceQuota
{
    public const string ProblemType = "urn:forge:problem:live-workspace-quota";

    // The first key of the two-key advisory lock space ("Forg"); the second is the user's hash. The
    // migration lock uses the one-key space, which PostgreSQL keeps apart from this one.
    private const int AdvisoryLockSpace = 0x466F7267;

    /// <summary>Statuses that no longer count: on their way out, gone, or failed (a failed WorkSpace is terminated).</summary>
    private static readonly string[] NotLive = [WorkspaceStatus.Terminating, WorkspaceStatus.Terminated, WorkspaceStatus.Failed];

    /// <summary>Serialises this user's creates until the current transaction ends.</summary>
    public static async Task LockOwnerAsync(ForgeDbContext db, string ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.IsPostgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({AdvisoryLockSpace}, hashtext({ownerId}))", cancellationToken);
        }
    }

    public static Task<int> CountLiveAsync(ForgeDbContext db, string ownerId, CancellationToken cancellationToken) =>
        db.Workspaces.CountAsync(w => w.OwnerId == ownerId && !NotLive.Contains(w.Status), cancellationToken);

    public static ProblemHttpResult Reached(int quota, int live) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict,
        type: ProblemType,
        title: "Live workspace quota reached.",
        detail: $"You have {live} live workspaces and the quota (Workspaces:MaxLiveWorkspacesPerUser) is {quota}; terminate one before asking for another.",
        extensions: new Dictionary<string, object?> { ["quota"] = quota, ["liveWorkspaces"] = live });
}
