using System.Collections.Concurrent;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Auth;

/// <summary>
/// Keeps <see cref="UserIdentity"/> current from every authenticated request, cheaply: a process-wide
/// memo of what this process last wrote lets a request whose token says nothing new skip the database
/// until <see cref="AuthOptions.IdentityRefreshInterval"/> has passed. A newer token's change is written
/// at once; an older token (still valid) never overwrites the view of a newer one. One user's writes in this
/// process go one at a time: a new user's first requests come together (a portal page, a CLI's calls in
/// parallel), and racing inserts of one row made the database refuse all but one, which EF logs as an error.
/// Another process can still race this one; the loser keeps the winner's row, as below.
/// </summary>
public sealed partial class UserIdentityRecorder(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<AuthOptions> options, ILogger<UserIdentityRecorder> logger)
{
    private readonly ConcurrentDictionary<string, Written> _written = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] _userGates = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    public async Task RecordAsync(ForgeUser user, DateTimeOffset tokenIssuedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        var issuedAt = StoredTime.Truncate(tokenIssuedAt);
        if (IsCurrent(user, issuedAt, out _))
        {
            return;
        }

        var gate = _userGates[(uint)StringComparer.Ordinal.GetHashCode(user.Id) % (uint)_userGates.Length];
        await gate.WaitAsync(cancellationToken);
        try
        {
            // The request that held the gate may have written just this.
            if (!IsCurrent(user, issuedAt, out var seen))
            {
                await WriteAsync(user, issuedAt, seen, cancellationToken);
            }
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Whether what this process last wrote for the user still stands for this token; <paramref name="seen"/>: the token's view, now.</summary>
    private bool IsCurrent(ForgeUser user, DateTimeOffset issuedAt, out Written seen)
    {
        var now = timeProvider.GetUtcNow();
        seen = new Written(string.Join('\u001f', user.Teams), string.Join('\u001f', user.Roles), user.DirectoryUser, user.Email, issuedAt, now);
        return _written.TryGetValue(user.Id, out var last) && now - last.At < options.Value.IdentityRefreshInterval
            && (issuedAt < last.IssuedAt || (issuedAt == last.IssuedAt && seen.SameView(last)));
    }

    private async Task WriteAsync(ForgeUser user, DateTimeOffset issuedAt, Written seen, CancellationToken cancellationToken)
    {
        var now = seen.At;
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
