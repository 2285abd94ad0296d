using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Workspaces;

public static class WorkspacesApi
{
    public const string GetRouteName = "GetWorkspace";

    public static IEndpointRouteBuilder MapWorkspacesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/workspaces").WithTags("Workspaces").RequireAuthorization();
        group.MapPost("/", WorkspaceCreateHandler.CreateAsync)
            .Accepts<CreateWorkspaceRequest>("application/json")
            .WithDescription("Requests a workspace; 202 with its Location. Honours the Idempotency-Key header.");
        group.MapGet("/", ListAsync);
        group.MapGet("/{id:guid}", GetAsync).WithName(GetRouteName);
        foreach (var action in new[] { "stop", "start", "reboot" })
        {
            group.MapPost($"/{{id:guid}}/{action}", (Guid id, HttpContext http, ForgeUser user, ForgeDbContext db, Jobs.JobQueue jobs,
                Jobs.JobSignal signal, Audit.AuditLog audit, TimeProvider time, CancellationToken ct) =>
                WorkspaceActionsHandler.TransitionAsync(action, id, http, user, db, jobs, signal, audit, time, ct));
        }

        group.MapDelete("/{id:guid}", (Guid id, HttpContext http, ForgeUser user, ForgeDbContext db, Jobs.JobQueue jobs,
            Jobs.JobSignal signal, Audit.AuditLog audit, TimeProvider time, CancellationToken ct) =>
            WorkspaceActionsHandler.TransitionAsync("terminate", id, http, user, db, jobs, signal, audit, time, ct));
        group.MapPut("/{id:guid}/keep-alive", WorkspaceActionsHandler.KeepAliveAsync).Accepts<KeepAliveRequest>("application/json");
        group.MapGet("/{id:guid}/events", WorkspaceEvents.StreamAsync)
            .WithDescription("Server-sent events: a 'status' event and a 'step' event per change, until the workspace is at rest.");
        return app;
    }

    /// <summary>Developers see their own, team leads their teams', admins all; filter by status and owner.</summary>
    private static async Task<Results<Ok<WorkspacePage>, ProblemHttpResult>> ListAsync(
        ForgeUser user, ForgeDbContext db, string? status, string? owner, CancellationToken cancellationToken)
    {
        if (status is not null && !WorkspaceStatus.All.Contains(status))
        {
            return JsonBody.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WorkspaceStatus.All)}.");
        }

        var query = db.Workspaces.AsNoTracking().VisibleTo(user);
        query = status is null ? query : query.Where(w => w.Status == status);
        query = owner is null ? query : query.Where(w => w.OwnerId == owner);
        var workspaces = await query.Include(w => w.Steps).OrderByDescending(w => w.RequestedAt).ThenByDescending(w => w.Id).Take(500).ToListAsync(cancellationToken);
        return TypedResults.Ok(new WorkspacePage([.. workspaces.Select(WorkspaceView.From)]));
    }

    private static async Task<Results<Ok<WorkspaceView>, ProblemHttpResult>> GetAsync(
        Guid id, ForgeUser user, ForgeDbContext db, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user).Include(w => w.Steps)
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        return workspace is null ? Problems.NotFound("workspace") : TypedResults.Ok(WorkspaceView.From(workspace));
    }
}
