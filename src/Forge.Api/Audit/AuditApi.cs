using System.Globalization;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
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
        ForgeUser user, ForgeDbContext db, string? actor, string? target, string? action, string? before, string? limit, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("The audit log is for admins.");
        }

        if (JsonBody.RefuseNul(("actor", actor), ("target", target), ("action", action)) is { } nul)
        {
            return nul;
        }

        // Parsed here, not by binding: a value that is not a number is a 400 naming the parameter.
        long? beforeId = null;
        if (before is not null)
        {
            if (!long.TryParse(before, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedBefore))
            {
                return JsonBody.Invalid("before", "before must be an audit entry id (a whole number).");
            }

            beforeId = parsedBefore;
        }

        int? size = null;
        if (limit is not null)
        {
            if (!int.TryParse(limit, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsedLimit))
            {
                return JsonBody.Invalid("limit", "limit must be a whole number (1 to 500).");
            }

            size = parsedLimit;
        }

        var take = Math.Clamp(size ?? 100, 1, 500);
        var query = db.AuditEntries.AsNoTracking();
        query = actor is null ? query : query.Where(a => a.Actor == actor);
        query = target is null ? query : query.Where(a => a.Target == target);
        query = action is null ? query : query.Where(a => a.Action == action);
        query = beforeId is null ? query : query.Where(a => a.Id < beforeId);
        var entries = await query.OrderByDescending(a => a.Id).Take(take + 1)
            .Select(a => new AuditEntryView(a.Id, a.At, a.Actor, a.Action, a.Target, a.Outcome, a.CorrelationId, a.Detail))
            .ToListAsync(cancellationToken);
        var more = entries.Count > take;
        return TypedResults.Ok(new AuditPage(entries.Take(take).ToList(), more ? entries[take - 1].Id : null));
    }
}
