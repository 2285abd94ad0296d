using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
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
        group.MapPut("/{id:guid}/keep-alive", Lifecycle.KeepAliveHandler.SetAsync).Accepts<KeepAliveRequest>("application/json");
        group.MapGet("/{id:guid}/events", WorkspaceEvents.StreamAsync)
            .WithDescription("Server-sent events: a 'status' event and a 'step' event per change, until the workspace is at rest.");
        return app;
    }

    /// <summary>
    /// Developers see their own, team leads their teams', admins all; filter by status and owner. Newest
    /// first, in pages of <c>limit</c> (1..200, default 50); <c>nextCursor</c> fetches the next page and
    /// stays valid while workspaces are added, because it names a position, not an offset.
    /// </summary>
    private static async Task<Results<Ok<WorkspacePage>, ProblemHttpResult>> ListAsync(
        ForgeUser user, ForgeDbContext db, string? status, string? owner, string? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (JsonBody.RefuseNul(("owner", owner)) is { } nul)
        {
            return nul;
        }

        // limit is bound as text and parsed here: bound as a number, "?limit=abc" never reached this handler
        // and was answered by the framework without a problem naming it.
        if (!WorkspaceListCursor.TryParseLimit(limit, out var size))
        {
            return JsonBody.Invalid("limit", $"limit must be a whole number from 1 to {WorkspaceListCursor.MaxLimit}.");
        }

        if (status is not null && !WorkspaceStatus.All.Contains(status))
        {
            return JsonBody.Invalid("status", $"Unknown status '{status}'; one of: {string.Join(", ", WorkspaceStatus.All)}.");
        }

        WorkspaceListCursor? after = null;
        if (cursor is not null && !WorkspaceListCursor.TryParse(cursor, out after))
        {
            return JsonBody.Invalid("cursor", "cursor is not a value this API returned as nextCursor.");
        }

        var query = db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities);
        query = status is null ? query : query.Where(w => w.Status == status);
        query = owner is null ? query : query.Where(w => w.OwnerId == owner);
        if (after is not null)
        {
            query = query.Where(w => w.RequestedAt < after.RequestedAt || (w.RequestedAt == after.RequestedAt && w.Id.CompareTo(after.Id) < 0));
        }

        var workspaces = await query.Include(w => w.Steps).OrderByDescending(w => w.RequestedAt).ThenByDescending(w => w.Id)
            .Take(size + 1).ToListAsync(cancellationToken);
        var next = workspaces.Count > size ? new WorkspaceListCursor(workspaces[size - 1].RequestedAt, workspaces[size - 1].Id).ToString() : null;
        return TypedResults.Ok(new WorkspacePage([.. workspaces.Take(size).Select(WorkspaceView.From)], next));
    }

    private static async Task<Results<Ok<WorkspaceView>, ProblemHttpResult>> GetAsync(
        Guid id, ForgeUser user, ForgeDbContext db, CancellationToken cancellationToken)
    {
        var workspace = await db.Workspaces.AsNoTracking().VisibleTo(user, db.UserIdentities).Include(w => w.Steps)
            .SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        return workspace is null ? Problems.NotFound("workspace") : TypedResults.Ok(WorkspaceView.From(workspace));
    }
}
