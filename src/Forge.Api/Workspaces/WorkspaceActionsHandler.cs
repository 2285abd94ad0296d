using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Workspaces;

/// <summary>Stop, start, reboot, terminate and keep-alive: intent written with its job in one transaction.</summary>
public static class WorkspaceActionsHandler
{
    private static readonly Dictionary<string, (string Next, string[] From)> Transitions = new(StringComparer.Ordinal)
    {
        ["stop"] = (WorkspaceStatus.Stopping, [WorkspaceStatus.Ready]),
        ["start"] = (WorkspaceStatus.Starting, [WorkspaceStatus.Stopped]),
        ["reboot"] = (WorkspaceStatus.Rebooting, [WorkspaceStatus.Ready]),
        ["terminate"] = (WorkspaceStatus.Terminating, [.. WorkspaceStatus.All.Except([WorkspaceStatus.Terminating, WorkspaceStatus.Terminated])]),
    };

    public static async Task<Results<Accepted<WorkspaceView>, ProblemHttpResult>> TransitionAsync(
        string action, Guid id, HttpContext http, ForgeUser user, ForgeDbContext db, JobQueue jobs, JobSignal signal, AuditLog audit,
        TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        // The workspace's job saves it as it works (a provisioning several times a minute): a request that
        // meets one of those saves reads the workspace again and decides afresh, a few times before giving up.
        for (var attempt = 1; ; attempt++)
        {
            var workspace = await db.Workspaces.VisibleTo(user, db.UserIdentities).Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
            if (workspace is null)
            {
                return Problems.NotFound("workspace");
            }

            var correlationId = CorrelationId.Of(http);
            var (_, from) = Transitions[action];
            if (!from.Contains(workspace.Status))
            {
                audit.Stage(user.Id, "workspace." + action, id.ToString(), AuditOutcome.Rejected, correlationId, $"status was {workspace.Status}");
                await db.SaveChangesAsync(cancellationToken);
                return Problems.Conflict($"A workspace that is {workspace.Status} cannot {action}; allowed from: {string.Join(", ", from)}.");
            }

            try
            {
                await RequestAsync(db, jobs, audit, workspace, action, user.Id, correlationId, detail: null, timeProvider.GetUtcNow(), cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (attempt < 3)
            {
                db.ChangeTracker.Clear();
                continue;
            }
            catch (DbUpdateConcurrencyException)
            {
                return Problems.Conflict("The workspace changed while this request was handled; read it again and retry.");
            }

            signal.Notify();
            return TypedResults.Accepted($"/api/v1/workspaces/{id}", WorkspaceView.From(workspace));
        }
    }

    /// <summary>Whether a workspace in <paramref name="status"/> may begin <paramref name="action"/> (stop, start, reboot, terminate).</summary>
    public static bool Allows(string action, string status) => Transitions[action].From.Contains(status);

    /// <summary>
    /// The one way a transition is asked for, by a user or by Forge itself (the lifecycle manager): the new
    /// status and its audit entry on the tracked <paramref name="workspace"/> and its job woken, saved in one
    /// transaction; the engine does the work. A concurrent change of the workspace throws <see cref="DbUpdateConcurrencyException"/>.
    /// </summary>
    public static async Task RequestAsync(ForgeDbContext db, JobQueue jobs, AuditLog audit, Workspace workspace, string action, string actor,
        string? correlationId, string? detail, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(jobs);
        ArgumentNullException.ThrowIfNull(audit);
        ArgumentNullException.ThrowIfNull(workspace);
        workspace.Status = Transitions[action].Next;
        workspace.ActionIssuedAt = null;
        workspace.Error = null;
        workspace.UpdatedAt = now;
        audit.Stage(actor, "workspace." + action, workspace.Id.ToString(), AuditOutcome.Accepted, correlationId, detail);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await jobs.WakeOrStageAsync(Workstation.WorkspaceReconciler.JobKind, workspace.Id, correlationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
