using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Notifications;

/// <summary>
/// Writes notices into the outbox of the caller's <see cref="ForgeDbContext"/>, without saving: the
/// caller's <c>SaveChanges</c> commits the notice together with the decision that caused it.
/// </summary>
public sealed class NotificationOutbox(ForgeDbContext db, IEnumerable<INotificationChannel> channels, TimeProvider timeProvider)
{
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The configured channels among <paramref name="names"/>, in the order given.</summary>
    public IReadOnlyList<string> Configured(IEnumerable<string> names) =>
        [.. names.Where(n => _channels.TryGetValue(n, out var channel) && channel.IsConfigured)];

    /// <summary>
    /// Adds the notice for <paramref name="channel"/> unless one with the same key is already written
    /// (saved, or added to this context): the same notice asked for twice is sent once. True when added.
    /// <c>orderKey</c>: messages of one channel with the same order key are delivered in the order they were
    /// written, so a PagerDuty <c>resolve</c> never overtakes the <c>trigger</c> still being retried.
    /// </summary>
    public async Task<bool> EnqueueAsync(string channel, string dedupKey, string subject, string body,
        string? recipient = null, string? details = null, string? orderKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(channel);
        ArgumentException.ThrowIfNullOrEmpty(dedupKey);
        if (!_channels.ContainsKey(channel))
        {
            throw new ArgumentException($"No notification channel is named '{channel}'.", nameof(channel));
        }

        if (db.OutboxMessages.Local.Any(m => m.Channel == channel && m.DedupKey == dedupKey)
            || await db.OutboxMessages.AnyAsync(m => m.Channel == channel && m.DedupKey == dedupKey, cancellationToken))
        {
            return false;
        }

        var now = timeProvider.GetUtcNow();
        db.OutboxMessages.Add(new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            Channel = channel,
            DedupKey = dedupKey,
            Recipient = recipient,
            Subject = subject,
            Body = body,
            Details = details,
            OrderKey = orderKey,
            CreatedAt = now,
            NextAttemptAt = now,
        });
        return true;
    }

    /// <summary>Where the notice with this key stands on a channel, or null when none was written.</summary>
    public Task<string?> StateOfAsync(string channel, string dedupKey, CancellationToken cancellationToken = default) =>
        db.OutboxMessages.Where(m => m.Channel == channel && m.DedupKey == dedupKey).Select(m => m.State).FirstOrDefaultAsync(cancellationToken);
}
