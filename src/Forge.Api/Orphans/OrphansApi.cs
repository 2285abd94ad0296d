using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Blueprints;
using Forge.Api.Jobs;
using Forge.Api.Lifecycle;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Orphans;

/// <summary>An orphan WorkSpace as admins see it; <see cref="TerminatesAt"/> is null once kept (or while its termination is under way).</summary>
public sealed record OrphanView(
    string CloudWorkspaceId, string Region, string DirectoryUser, string ForgeId, string? Blueprint, string CloudState, string Status,
    DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? TerminatesAt, string? KeptBy, DateTimeOffset? KeptAt);

public sealed record OrphanPage(IReadOnlyList<OrphanView> Orphans);

/// <summary>
/// The body of an adoption, every member optional: the owner (default: the user whose token named the WorkSpace's
/// directory user), the blueprint (default: the WorkSpace's blueprint tag) and operating system (default: the
/// blueprint's only one).
/// </summary>
public sealed record AdoptOrphanRequest(string? Owner, string? Blueprint, string? OperatingSystem);

/// <summary>
/// <c>/api/v1/admin/orphans</c> (admins only): the orphan WorkSpaces, and an admin's two answers to one. Keep: Forge
/// never terminates it, and it stays listed. Adopt: a workspace row takes it under Forge's management, bound to its
/// directory user and owned by that user; the engine's provisioning finds the WorkSpace already made and brings it to
/// Forge's standard (domain join, security profile, the owner's volume, dotfiles and secrets) before it reads ready.
/// </summary>
public static class OrphansApi
{
    public static IEndpointRouteBuilder MapOrphansApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/admin/orphans").RequireAuthorization().WithTags("Orphans");
        group.MapGet("", ListAsync);
        group.MapPost("/{workspaceId}/keep", KeepAsync);
        group.MapPost("/{workspaceId}/adopt", AdoptAsync).Accepts<AdoptOrphanRequest>("application/json");
        return endpoints;
    }

    private static async Task<Results<Ok<OrphanPage>, ProblemHttpResult>> ListAsync(ForgeUser user, ForgeDbContext db, IOptions<LifecycleOptions> options,
        CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("Orphan WorkSpaces are for admins.");
        }

        var rows = await db.Set<OrphanWorkspace>().AsNoTracking().ToListAsync(cancellationToken);
        return TypedResults.Ok(new OrphanPage([.. rows.OrderBy(o => o.FirstSeenAt).ThenBy(o => o.CloudWorkspaceId, StringComparer.Ordinal).Select(o => View(o, options.Value))]));
    }

    private static async Task<Results<Ok<OrphanView>, ProblemHttpResult>> KeepAsync(string workspaceId, HttpContext http, ForgeUser user, ForgeDbContext db,
        AuditLog audit, LifecycleClock clock, IOptions<LifecycleOptions> options, CancellationToken cancellationToken)
    {
        var (orphan, refused) = await FindAsync(workspaceId, user, db, audit, "orphan.keep", http, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        if (orphan!.Status == OrphanStatus.Orphan)
        {
            orphan.Status = OrphanStatus.Kept;
            orphan.KeptBy = user.Id;
            orphan.KeptAt = clock.Now;
            orphan.Version++;
            audit.Stage(user.Id, "orphan.keep", orphan.CloudWorkspaceId, AuditOutcome.Succeeded, CorrelationId.Of(http),
                $"Kept: Forge will not terminate WorkSpace {orphan.CloudWorkspaceId} (directory user {orphan.DirectoryUser}).");
            if (await SaveAsync(db, cancellationToken) is { } conflict)
            {
                return conflict;
            }
        }

        return TypedResults.Ok(View(orphan, options.Value));
    }

    private static async Task<Results<Accepted<WorkspaceView>, ProblemHttpResult>> AdoptAsync(string workspaceId, HttpContext http, ForgeUser user,
        ForgeDbContext db, AuditLog audit, BlueprintCatalog blueprints, JobQueue jobs, JobSignal signal, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var request = new AdoptOrphanRequest(null, null, null);
        if (http.Request.ContentLength > 0 || http.Request.HasJsonContentType())
        {
            var (body, problem) = await JsonBody.ReadAsync<AdoptOrphanRequest>(http.Request, cancellationToken);
            if (problem is not null)
            {
                return problem;
            }

            request = body!;
        }

        var (orphan, refused) = await FindAsync(workspaceId, user, db, audit, "orphan.adopt", http, cancellationToken);
        if (refused is not null)
        {
            return refused;
        }

        var identities = await db.UserIdentities.AsNoTracking().Where(u => request.Owner != null ? u.UserId == request.Owner : u.DirectoryUser == orphan!.DirectoryUser)
            .Take(2).ToListAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request.Owner is { } owner && (owner.Length is 0 or > 256 || owner.Any(char.IsControl)))
        {
            errors["owner"] = ["Give the owner's user id (1 to 256 printable characters)."];
        }
        else if (request.Owner is null && identities.Count != 1)
        {
            errors["owner"] = [$"No single Forge user is known with directory user '{orphan!.DirectoryUser}': name the owner."];
        }

        var blueprintName = request.Blueprint ?? orphan!.Blueprint;
        var blueprint = blueprintName is { Length: > 0 and <= 64 } ? await blueprints.FindAsync(blueprintName, cancellationToken) : null;
        if (blueprint is null)
        {
            errors["blueprint"] = [blueprintName is null ? "The WorkSpace has no blueprint tag: name the blueprint." : $"No blueprint named '{blueprintName}'."];
        }

        var systems = blueprint?.Definition.OperatingSystems.Keys.ToList() ?? [];
        var operatingSystem = request.OperatingSystem ?? (systems.Count == 1 ? systems[0] : null);
        if (blueprint is not null && (operatingSystem is null || !systems.Contains(operatingSystem)))
        {
            errors["operatingSystem"] = [$"Give one of the blueprint's operating systems: {string.Join(", ", systems)}."];
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable(errors);
        }

        var identity = identities.FirstOrDefault();
        var now = StoredTime.Truncate(timeProvider.GetUtcNow());
        var id = Guid.TryParse(orphan!.ForgeId, out var tagged) && !await db.Workspaces.AnyAsync(w => w.Id == tagged, cancellationToken) ? tagged : Guid.CreateVersion7(now);
        var workspace = new Workspace
        {
            Id = id,
            OwnerId = request.Owner ?? identity!.UserId,
            OwnerTeams = [.. identity?.Teams ?? []],
            OwnerRoles = [.. identity?.Roles ?? []],
            DirectoryUser = orphan.DirectoryUser,
            Blueprint = blueprint!.Name,
            OperatingSystem = operatingSystem!,
            BundleId = orphan.BundleId,
            Region = orphan.Region,
            RegionReason = "adopted: the orphan WorkSpace's region",
            DirectoryId = orphan.DirectoryId,
            CloudWorkspaceId = orphan.CloudWorkspaceId,
            CloudState = orphan.CloudState,
            RequestedAt = now,
            UpdatedAt = now,
        };
        db.Workspaces.Add(workspace);
        db.Remove(orphan);
        jobs.Stage(Workstation.WorkspaceReconciler.JobKind, workspace.Id, CorrelationId.Of(http));
        audit.Stage(user.Id, "orphan.adopt", orphan.CloudWorkspaceId, AuditOutcome.Succeeded, CorrelationId.Of(http),
            $"Adopted as workspace {workspace.Id} of {workspace.OwnerId} (blueprint {workspace.Blueprint}, {workspace.OperatingSystem})");
        audit.Stage(user.Id, "workspace.adopt", workspace.Id.ToString(), AuditOutcome.Accepted, CorrelationId.Of(http),
            $"WorkSpace {orphan.CloudWorkspaceId} taken under Forge's management for {workspace.OwnerId}");
        if (await SaveAsync(db, cancellationToken) is { } conflict)
        {
            return conflict;
        }

        signal.Notify();
        return TypedResults.Accepted($"/api/v1/workspaces/{workspace.Id}", WorkspaceView.From(workspace));
    }

    /// <summary>The orphan an admin acts on, or the refusal (403 for others, 404 unknown, 409 while its termination is under way); a refusal is audited.</summary>
    private static async Task<(OrphanWorkspace? Orphan, ProblemHttpResult? Refused)> FindAsync(string workspaceId, ForgeUser user, ForgeDbContext db,
        AuditLog audit, string action, HttpContext http, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return (null, Problems.Forbidden("Orphan WorkSpaces are for admins."));
        }

        var orphan = workspaceId.Length is > 0 and <= 64 && !workspaceId.Contains('\0', StringComparison.Ordinal)
            ? await db.Set<OrphanWorkspace>().SingleOrDefaultAsync(o => o.CloudWorkspaceId == workspaceId, cancellationToken)
            : null;
        if (orphan is null)
        {
            return (null, Problems.NotFound("orphan WorkSpace"));
        }

        if (orphan.Status == OrphanStatus.Terminating)
        {
            audit.Stage(user.Id, action, orphan.CloudWorkspaceId, AuditOutcome.Rejected, CorrelationId.Of(http), "Its termination is already under way.");
            await db.SaveChangesAsync(cancellationToken);
            return (null, Problems.Conflict($"WorkSpace {orphan.CloudWorkspaceId} is already being terminated."));
        }

        return (orphan, null);
    }

    private static async Task<ProblemHttpResult?> SaveAsync(ForgeDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateException)
        {
            return Problems.Conflict("The orphan changed meanwhile (its grace ended, or another admin acted): look again.");
        }
    }

    private static OrphanView View(OrphanWorkspace o, LifecycleOptions options) => new(
        o.CloudWorkspaceId, o.Region, o.DirectoryUser, o.ForgeId, o.Blueprint, o.CloudState, o.Status, o.FirstSeenAt, o.LastSeenAt,
        o.Status == OrphanStatus.Orphan ? o.FirstSeenAt + options.OrphanGrace : null, o.KeptBy, o.KeptAt);
}
