using Forge.Api.Auth;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// The body of <c>PUT /api/v1/me/notifications</c>; a null member clears it (back to the default: for the e-mail address,
/// the one the user's token states; for the time zone, the deployment's).
/// </summary>
public sealed record NotificationPreferencesRequest(string? Email, string? TimeZone, string? SlackMemberId = null);

/// <summary>
/// A user's notice preferences, and what is in force: the e-mail address notices go to (the stated one, else the
/// token's <c>email</c> claim), the time zone, and the channels the deployment sends notices on.
/// </summary>
public sealed record NotificationPreferencesView(string? Email, string? TimeZone, string EffectiveTimeZone, IReadOnlyList<string> Channels,
    string? EffectiveEmail = null, string? SlackMemberId = null);

/// <summary><c>GET/PUT /api/v1/me/notifications</c>: the caller's own notice preferences.</summary>
public static class NotificationPreferencesApi
{
    public static IEndpointRouteBuilder MapLifecycleApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/api/v1/me/notifications").RequireAuthorization().WithTags("Notifications");
        group.MapGet("", GetAsync);
        group.MapPut("", PutAsync).Accepts<NotificationPreferencesRequest>("application/json");
        return endpoints;
    }

    private static async Task<Ok<NotificationPreferencesView>> GetAsync(ForgeUser user, ForgeDbContext db, Notifications.NotificationOutbox outbox,
        IOptions<LifecycleOptions> options, CancellationToken cancellationToken)
    {
        var saved = await db.Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        return TypedResults.Ok(View(saved, user, outbox, options.Value));
    }

    private static async Task<Results<Ok<NotificationPreferencesView>, ProblemHttpResult>> PutAsync(HttpRequest http, ForgeUser user, ForgeDbContext db,
        Notifications.NotificationOutbox outbox, IOptions<LifecycleOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<NotificationPreferencesRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request!.Email is { } email && (email.Length > 320 || !MimeKit.MailboxAddress.TryParse(email, out var parsed) || parsed.Address != email))
        {
            errors["email"] = ["Give one plain e-mail address (name@example.com)."];
        }

        if (request.TimeZone is { } zone && (zone.Length > 64 || !LifecycleTimeZones.TryFind(zone, out _)))
        {
            errors["timeZone"] = ["Give an IANA time zone id, such as Europe/Berlin or America/New_York."];
        }

        if (request.SlackMemberId is { } member && !IsSlackMemberId(member))
        {
            errors["slackMemberId"] = ["Give a Slack member id (U or W, then letters and digits: U0123ABCD), as the Slack profile's 'Copy member ID' gives it."];
        }

        if (errors.Count > 0)
        {
            return Problems.Unprocessable(errors);
        }

        var saved = await db.Set<NotificationPreference>().SingleOrDefaultAsync(p => p.UserId == user.Id, cancellationToken);
        if (saved is null)
        {
            saved = new NotificationPreference { UserId = user.Id };
            db.Add(saved);
        }

        saved.Email = request.Email;
        saved.TimeZone = request.TimeZone;
        saved.SlackMemberId = request.SlackMemberId;
        saved.UpdatedAt = timeProvider.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(View(saved, user, outbox, options.Value));
    }

    private static bool IsSlackMemberId(string value) =>
        value.Length is >= 3 and <= 32 && value[0] is 'U' or 'W' && value.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    private static NotificationPreferencesView View(NotificationPreference? p, ForgeUser user, Notifications.NotificationOutbox outbox, LifecycleOptions options) =>
        new(p?.Email, p?.TimeZone, p?.TimeZone ?? options.DefaultTimeZone, outbox.Configured(options.NoticeChannels), p?.Email ?? user.Email, p?.SlackMemberId);
}
