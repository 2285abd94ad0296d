using System.Globalization;
using Forge.Api.Auth;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Notifications;

public sealed record OutboxMessageView(
    Guid Id, string Channel, string DedupKey, string Subject, string State, int Attempts,
    DateTimeOffset CreatedAt, DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, DateTimeOffset? NextAttemptAt, string? LastError);

public static class NotificationsApi
{
    private static readonly string[] States = [OutboxState.Pending, OutboxState.Delivered, OutboxState.Failed];

    public static IEndpointRouteBuilder MapNotificationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/notifications", List).WithTags("Notifications").RequireAuthorization();
        return app;
    }

    /// <summary>The outbox, newest first: what was sent, what waits and why (admins only).</summary>
    private static async Task<Results<Ok<List<OutboxMessageView>>, ProblemHttpResult>> List(
        ForgeUser user, ForgeDbContext db, string? state, string? channel, string? limit, CancellationToken cancellationToken)
    {
        if (!user.IsAdmin)
        {
            return Problems.Forbidden("The notification outbox is for admins.");
        }

        if (JsonBody.RefuseNul(("state", state), ("channel", channel)) is { } nul)
        {
            return nul;
        }

        if (state is not null && !States.Contains(state))
        {
            return JsonBody.Invalid("state", $"state must be one of {string.Join(", ", States)}.");
        }

        var size = 100;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size is < 1 or > 500))
        {
            return JsonBody.Invalid("limit", "limit must be a whole number from 1 to 500.");
        }

        var query = db.OutboxMessages.AsNoTracking();
        if (state is not null)
        {
            query = query.Where(m => m.State == state);
        }

        if (channel is not null)
        {
            query = query.Where(m => m.Channel == channel);
        }

        var rows = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(size).ToListAsync(cancellationToken);
        return TypedResults.Ok(rows.ConvertAll(m => new OutboxMessageView(
            m.Id, m.Channel, m.DedupKey, m.Subject, m.State, m.Attempts, m.CreatedAt, m.LastAttemptAt, m.DeliveredAt,
            m.State == OutboxState.Pending ? m.NextAttemptAt : null, m.LastError)));
    }
}
