using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Security;
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

        audit.Stage(user.Id, "dotfiles.sync", id.ToString(), AuditOutcome.Accepted, correlationId);
        await jobs.WakeOrStageAsync(DotfileSyncJob.JobKind, id, correlationId, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        signal.Notify();
        return TypedResults.Accepted($"/api/v1/workspaces/{id}",
            new DotfileSyncAccepted(id, Forge.Aws.Ssm.ForgeDocuments.SyncDirections.HomeToVolume, options.Value.Patterns));
    }
}

/// <summary>Runs a requested or periodic persist as a durable job, one at a time per workspace.</summary>
public sealed class DotfileSyncJob(DotfileSteps steps, ForgeDbContext db) : IJobHandler
{
    public const string JobKind = "dotfiles-sync";

    public string Kind => JobKind;

    public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        var ready = await db.Workspaces.AnyAsync(w => w.Id == job.SubjectId && w.Status == WorkspaceStatus.Ready, cancellationToken);
        if (!ready)
        {
            return JobOutcome.Done; // Stopped or gone meanwhile: the stop and terminate syncs cover it.
        }

        var result = await steps.PersistAsync(job.SubjectId, job.CorrelationId is null ? "periodic" : "on-demand", cancellationToken);
        return result.Succeeded ? JobOutcome.Done : JobOutcome.Fail(result.Error ?? "dotfile sync failed");
    }
}
