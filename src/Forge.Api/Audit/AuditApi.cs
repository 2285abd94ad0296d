using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Audit;

public sealed record AuditEntryView(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Outcome, string? CorrelationId, string? Detail);

public sealed record AuditPage(List<AuditEntryView> Entries, long? NextBefore);

public static class AuditApi
{
    public static IServiceCollection AddAudit(this IServiceCollection services) => services.AddScoped<AuditLog>();

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/audit", List).WithTags("Audit").RequireAuthorization();
        return app;
    }

    /// <summary>Newest first; <paramref name="before"/> pages back from an entry id. Admins only.</summary>
    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> List(
        ForgeUser user, ForgeDbContext db, string? actor, string? target, string? action, long? before, int? limit, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("The audit log is for admins.");
        }

        var take = Math.Clamp(limit ?? 100, 1, 500);
        var query = db.AuditEntries.AsNoTracking();
        query = actor is null ? query : query.Where(a => a.Actor == actor);
        query = target is null ? query : query.Where(a => a.Target == target);
        query = action is null ? query : query.Where(a => a.Action == action);
        query = before is null ? query : query.Where(a => a.Id < before);
        var entries = await query.OrderByDescending(a => a.Id).Take(take + 1)
            .Select(a => new AuditEntryView(a.Id, a.At, a.Actor, a.Action, a.Target, a.Outcome, a.CorrelationId, a.Detail))
            .ToListAsync(cancellationToken);
        var more = entries.Count > take;
        return TypedResults.Ok(new AuditPage(entries.Take(take).ToList(), more ? entries[take - 1].Id : null));
    }
}
