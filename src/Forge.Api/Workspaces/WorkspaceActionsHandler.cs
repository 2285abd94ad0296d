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
            var (next, from) = Transitions[action];
            if (!from.Contains(workspace.Status))
            {
                audit.Stage(user.Id, "workspace." + action, id.ToString(), AuditOutcome.Rejected, correlationId, $"status was {workspace.Status}");
                await db.SaveChangesAsync(cancellationToken);
                return Problems.Conflict($"A workspace that is {workspace.Status} cannot {action}; allowed from: {string.Join(", ", from)}.");
            }

            workspace.Status = next;
            workspace.ActionIssuedAt = null;
            workspace.Error = null;
            workspace.UpdatedAt = timeProvider.GetUtcNow();
            audit.Stage(user.Id, "workspace." + action, id.ToString(), AuditOutcome.Accepted, correlationId);
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                await jobs.WakeOrStageAsync(Workstation.WorkspaceReconciler.JobKind, id, correlationId, cancellationToken);
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
                return Problems.Conflict("The workspace changed while this request was handled; read it again and retry.");
            }

            signal.Notify();
            return TypedResults.Accepted($"/api/v1/workspaces/{id}", WorkspaceView.From(workspace));
        }
    }

    public static async Task<Results<Ok<WorkspaceView>, ProblemHttpResult>> KeepAliveAsync(
        Guid id, HttpRequest http, ForgeUser user, ForgeDbContext db, AuditLog audit, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<KeepAliveRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (request!.Enabled is not { } enabled)
        {
            return Problems.Unprocessable("enabled", "Say true or false.");
        }

        var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities).Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("workspace");
        }

        // Keep-alive is the owner's alone (the engine never writes it): written on its own, so it never
        // conflicts with the workspace's job saving its progress meanwhile.
        var now = timeProvider.GetUtcNow();
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.KeepAlive, enabled).SetProperty(w => w.UpdatedAt, now), cancellationToken);
            audit.Stage(user.Id, "workspace.keep-alive", id.ToString(), AuditOutcome.Accepted, CorrelationId.Of(http.HttpContext), $"enabled={enabled}");
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        workspace.KeepAlive = enabled;
        workspace.UpdatedAt = now;
        return TypedResults.Ok(WorkspaceView.From(workspace));
    }
}
