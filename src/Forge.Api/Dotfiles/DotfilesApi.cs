using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

public sealed record DotfileSyncAccepted(Guid WorkspaceId, string Direction, IReadOnlyList<string> Patterns);

public static class DotfilesApi
{
    public static IEndpointRouteBuilder MapDotfilesApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/workspaces/{id:guid}/dotfiles/sync", SyncAsync).WithTags("Dotfiles").RequireAuthorization()
            .WithDescription("Persists the workstation's dotfiles to the user's volume now; 202, the outcome appears in the workspace's steps.");
        return app;
    }

    private static async Task<Results<Accepted<DotfileSyncAccepted>, ProblemHttpResult>> SyncAsync(Guid id, HttpContext http, ForgeUser user,
        ForgeDbContext db, JobQueue jobs, JobSignal signal, AuditLog audit, IOptions<DotfileOptions> options,
        CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities).SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workspace is null)
        {
            return Problems.NotFound("workspace");
        }

        var correlationId = CorrelationId.Of(http);
        if (workspace.Status != WorkspaceStatus.Ready || !await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == id, cancellationToken))
        {
            audit.Stage(user.Id, "dotfiles.sync", id.ToString(), AuditOutcome.Rejected, correlationId, $"status {workspace.Status}");
            await db.SaveChangesAsync(cancellationToken);
            return Problems.Conflict("Dotfiles sync with a ready workspace that has its user volume mounted.");
        }

        // Recorded as due with its audit entry and its job, in one transaction: the workspace's job syncs.
        audit.Stage(user.Id, "dotfiles.sync", id.ToString(), AuditOutcome.Accepted, correlationId);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.DotfileSyncDue, true), cancellationToken);
            await jobs.WakeOrStageAsync(Workstation.WorkspaceReconciler.JobKind, id, correlationId, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        signal.Notify();
        return TypedResults.Accepted($"/api/v1/workspaces/{id}",
            new DotfileSyncAccepted(id, Forge.Aws.Ssm.ForgeDocuments.SyncDirections.HomeToVolume, options.Value.Patterns));
    }
}
