using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// <c>PUT /api/v1/workspaces/{id}/keep-alive</c>: on exempts the workstation from idle stop, stale
/// termination and maximum lifetime for the blueprint's <c>KeepAliveExtension</c> from now (each time it is
/// set counts as one of <c>KeepAliveMaxRenewals</c>); off ends the exemption now. A blueprint whose policy
/// forbids keep-alive, or a workstation with no renewal left, answers 409. Audited with what it postpones.
/// </summary>
public static class KeepAliveHandler
{
    public static async Task<Results<Ok<WorkspaceView>, ProblemHttpResult>> SetAsync(
        Guid id, HttpRequest http, ForgeUser user, ForgeDbContext db, AuditLog audit, LifecycleClock clock, IOptions<LifecycleOptions> options,
        TimeProvider timeProvider, CancellationToken cancellationToken)
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

        for (var attempt = 1; ; attempt++)
        {
            var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities).Include(w => w.Steps).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
            if (workspace is null)
            {
                return Problems.NotFound("workspace");
            }

            var policy = options.Value.PolicyFor(workspace.Blueprint);
            var state = await db.Set<WorkspaceLifecycle>().SingleOrDefaultAsync(l => l.WorkspaceId == id, cancellationToken);
            if (state is null)
            {
                state = new WorkspaceLifecycle { WorkspaceId = id };
                db.Add(state);
            }

            var now = clock.Now;
            var refusal = enabled ? Refusal(workspace, state, policy) : null;
            var correlationId = CorrelationId.Of(http.HttpContext);
            if (refusal is not null)
            {
                db.ChangeTracker.Clear();
                audit.Stage(user.Id, "workspace.keep-alive", id.ToString(), AuditOutcome.Rejected, correlationId, refusal);
                await db.SaveChangesAsync(cancellationToken);
                return Problems.Conflict(refusal);
            }

            string detail;
            if (enabled)
            {
                state.KeepAliveSetAt = now;
                state.KeepAliveUntil = now + policy.KeepAliveExtension;
                state.KeepAliveRenewalsUsed++;
                detail = $"enabled: idle stop, stale termination and maximum lifetime postponed until {state.KeepAliveUntil:O} "
                    + $"(renewal {state.KeepAliveRenewalsUsed} of {policy.KeepAliveMaxRenewals})";
            }
            else
            {
                // Ended now rather than forgotten: a notice sent before the keep-alive stays void.
                state.KeepAliveUntil = state.KeepAliveUntil is { } until && until > now ? now : state.KeepAliveUntil;
                detail = "disabled";
            }

            state.KeepAliveRenewalsLeft = Math.Max(0, policy.KeepAliveMaxRenewals - state.KeepAliveRenewalsUsed);
            state.Version++;
            try
            {
                await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                // The flag on the workspace is the owner's alone (the engine never writes it): set on its own, never conflicting with the job.
                await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.KeepAlive, enabled)
                    .SetProperty(w => w.UpdatedAt, timeProvider.GetUtcNow()), cancellationToken);
                audit.Stage(user.Id, "workspace.keep-alive", id.ToString(), AuditOutcome.Accepted, correlationId, detail);
                await db.SaveChangesAsync(cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The lifecycle pass saved this row meanwhile (or made it first): read again and decide afresh.
                db.ChangeTracker.Clear();
                continue;
            }

            workspace.KeepAlive = enabled;
            workspace.Lifecycle = state;
            return TypedResults.Ok(WorkspaceView.From(workspace));
        }
    }

    private static string? Refusal(Workspace workspace, WorkspaceLifecycle state, LifecyclePolicy policy) =>
        !policy.KeepAliveAllowed ? $"Keep-alive is not allowed for blueprint '{workspace.Blueprint}' by its lifecycle policy."
        : workspace.Status is WorkspaceStatus.Terminating or WorkspaceStatus.Terminated or WorkspaceStatus.Failed
            ? $"A workspace that is {workspace.Status} cannot be kept alive."
        : state.KeepAliveRenewalsUsed >= policy.KeepAliveMaxRenewals
            ? $"Keep-alive was already set {state.KeepAliveRenewalsUsed} times, the most blueprint '{workspace.Blueprint}' allows."
        : null;
}
