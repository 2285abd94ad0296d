using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>
/// Delivers due outbox messages every <see cref="NotificationOptions.DispatchInterval"/>. A message is
/// claimed with a conditional update (so two Forge processes never send it both), held for a lease
/// while its channel sends, then marked delivered, rescheduled with doubling backoff, or given up
/// (refused for good, or still failing after <see cref="NotificationOptions.GiveUpAfter"/>). A process
/// that dies mid-send leaves the message to be tried again when its lease ends: delivery is at least
/// once, and the channels that can (PagerDuty's dedup key) make a repeat harmless.
/// </summary>
public sealed partial class OutboxDispatcher(
    IServiceScopeFactory scopes, IEnumerable<INotificationChannel> channels, TimeProvider timeProvider,
    IOptions<NotificationOptions> options, ILogger<OutboxDispatcher> logger)
    : PeriodicPassHost("Notification outbox", () => options.Value.DispatchInterval, () => false, timeProvider, logger)
{
    private readonly Dictionary<string, INotificationChannel> _channels = channels.ToDictionary(c => c.Name, StringComparer.Ordinal);

    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        var settings = options.Value;
        var now = TimeProvider.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var pending = db.OutboxMessages.Where(m => m.State == OutboxState.Pending);
        var due = await pending
            .Where(m => m.NextAttemptAt <= now)
            .Where(m => m.OrderKey == null || !pending.Any(earlier => earlier.Channel == m.Channel && earlier.OrderKey == m.OrderKey
                && (earlier.CreatedAt < m.CreatedAt || (earlier.CreatedAt == m.CreatedAt && earlier.Id.CompareTo(m.Id) < 0))))
            .OrderBy(m => m.NextAttemptAt).Take(settings.BatchSize)
            .AsNoTracking().ToListAsync(cancellationToken);
        int delivered = 0, failed = 0;
        foreach (var message in due)
        {
            if (!await ClaimAsync(db, message, now, settings.ClaimLease, cancellationToken))
            {
                continue; // Another dispatcher has it.
            }

            var result = await DeliverAsync(message, cancellationToken);
            var at = TimeProvider.GetUtcNow();
            var attempts = message.Attempts + 1;
            if (result.Delivered)
            {
                delivered++;
                await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Delivered)
                    .SetProperty(m => m.DeliveredAt, at)
                    .SetProperty(m => m.LastError, (string?)null), cancellationToken);
                continue;
            }

            failed++;
            var error = Truncate(result.Error ?? "delivery failed");
            if (result.Permanent || at - message.CreatedAt >= settings.GiveUpAfter)
            {
                LogGaveUp(logger, message.Channel, message.DedupKey, attempts, error);
                await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                    .SetProperty(m => m.State, OutboxState.Failed)
                    .SetProperty(m => m.LastError, error), cancellationToken);
                continue;
            }

            var retryAt = at + RetryDelay(attempts, settings);
            LogWillRetry(logger, message.Channel, message.DedupKey, attempts, retryAt, error);
            await db.OutboxMessages.Where(m => m.Id == message.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, retryAt)
                .SetProperty(m => m.LastError, error), cancellationToken);
        }

        return new PassStats(due.Count, delivered, failed, TimeProvider.GetElapsedTime(started));
    }

    /// <summary>The delay after the given number of failed attempts: base × 2^(n−1), capped.</summary>
    public static TimeSpan RetryDelay(int failedAttempts, NotificationOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var doublings = Math.Clamp(failedAttempts - 1, 0, 30);
        var delay = settings.RetryBaseDelay * Math.Pow(2, doublings);
        return delay < settings.RetryMaxDelay ? delay : settings.RetryMaxDelay;
    }

    private static async Task<bool> ClaimAsync(ForgeDbContext db, OutboxMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        var seen = message.NextAttemptAt;
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == message.Id && m.State == OutboxState.Pending && m.NextAttemptAt == seen)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.NextAttemptAt, now + lease)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1)
                .SetProperty(m => m.LastAttemptAt, now), cancellationToken);
        return claimed == 1;
    }

    private async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        if (!_channels.TryGetValue(message.Channel, out var channel) || !channel.IsConfigured)
        {
            return DeliveryResult.GiveUp($"The channel '{message.Channel}' is not configured in this deployment.");
        }

        try
        {
            return await channel.DeliverAsync(message, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A receiver that is down or slow is an attempt to retry, whatever the exception says.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return DeliveryResult.Retry($"{e.GetType().Name}: {e.Message}");
        }
    }

    private static string Truncate(string error) => error.Length <= 2048 ? error : error[..2048];

    [LoggerMessage(EventId = 6001, Level = LogLevel.Warning, Message = "Notification {DedupKey} on {Channel}: attempt {Attempts} failed ({Error}); next try at {RetryAt}")]
    private static partial void LogWillRetry(ILogger logger, string channel, string dedupKey, int attempts, DateTimeOffset retryAt, string error);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "Notification {DedupKey} on {Channel} given up after {Attempts} attempts: {Error}")]
    private static partial void LogGaveUp(ILogger logger, string channel, string dedupKey, int attempts, string error);
}
