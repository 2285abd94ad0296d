using System.Collections.Concurrent;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Auth;

/// <summary>
/// Keeps <see cref="UserIdentity"/> current from every authenticated request, cheaply: a process-wide
/// memo of what this process last wrote lets a request whose token says nothing new skip the database
/// until <see cref="AuthOptions.IdentityRefreshInterval"/> has passed. A newer token's change is written
/// at once; an older token (still valid) never overwrites the view of a newer one.
/// </summary>
public sealed partial class UserIdentityRecorder(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<AuthOptions> options, ILogger<UserIdentityRecorder> logger)
{
    private readonly ConcurrentDictionary<string, Written> _written = new(StringComparer.Ordinal);

    public async Task RecordAsync(ForgeUser user, DateTimeOffset tokenIssuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var now = timeProvider.GetUtcNow();
        var issuedAt = StoredTime.Truncate(tokenIssuedAt);
        var seen = new Written(string.Join('\u001f', user.Teams), string.Join('\u001f', user.Roles), user.DirectoryUser, user.Email, issuedAt, now);
        if (_written.TryGetValue(user.Id, out var last) && now - last.At < options.Value.IdentityRefreshInterval
            && (issuedAt < last.IssuedAt || (issuedAt == last.IssuedAt && seen.SameView(last))))
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var stored = await db.UserIdentities.SingleOrDefaultAsync(u => u.UserId == user.Id, cancellationToken);
        if (stored is null)
        {
            stored = new UserIdentity { UserId = user.Id, DirectoryUser = user.DirectoryUser };
            db.UserIdentities.Add(stored);
        }
        else if (stored.TokenIssuedAt > issuedAt)
        {
            _written[user.Id] = seen with { IssuedAt = stored.TokenIssuedAt, Teams = "", Roles = "" };
            return;
        }

        stored.Teams = [.. user.Teams];
        stored.Roles = [.. user.Roles];
        stored.DirectoryUser = user.DirectoryUser;
        stored.Email = user.Email;
        stored.TokenIssuedAt = issuedAt;
        stored.RefreshedAt = now;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            _written[user.Id] = seen;
        }
        catch (DbUpdateException e)
        {
            // Another request wrote this user's view first (an insert or a newer token): theirs stands,
            // and the next request compares again.
            LogConcurrentWrite(logger, user.Id, e);
        }
    }

    private sealed record Written(string Teams, string Roles, string DirectoryUser, string? Email, DateTimeOffset IssuedAt, DateTimeOffset At)
    {
        public bool SameView(Written other) => Teams == other.Teams && Roles == other.Roles && DirectoryUser == other.DirectoryUser && Email == other.Email;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Debug, Message = "User {UserId}: identity written concurrently by another request; kept theirs")]
    private static partial void LogConcurrentWrite(ILogger logger, string userId, Exception exception);
}
