namespace Forge.Api.Notifications;

/// <summary>
/// Delivers outbox messages one way (Slack, PagerDuty, SNS, e-mail, ...). Registered in DI; the
/// dispatcher finds a message's channel by <see cref="Name"/>. A channel only sends: retries,
/// backoff and giving up are the dispatcher's.
/// </summary>
public interface INotificationChannel
{
    /// <summary>The name stored in <see cref="OutboxMessage.Channel"/>: short, lower case, stable.</summary>
    string Name { get; }

    /// <summary>False when the deployment did not configure it: producers do not address it.</summary>
    bool IsConfigured { get; }

    Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>What one delivery attempt came to. <see cref="Permanent"/> failures are not retried.</summary>
public sealed record DeliveryResult(bool Delivered, bool Permanent, string? Error)
{
    public static DeliveryResult Success { get; } = new(true, false, null);

    public static DeliveryResult Retry(string error) => new(false, false, error);

    public static DeliveryResult GiveUp(string error) => new(false, true, error);

    /// <summary>
    /// An HTTP receiver's answer: 2xx delivered; 408, 429 and 5xx worth another try; any other 4xx
    /// refused for good (a wrong URL or key does not fix itself).
    /// </summary>
    public static DeliveryResult FromHttpStatus(System.Net.HttpStatusCode status, string receiver)
    {
        var code = (int)status;
        return code switch
        {
            >= 200 and < 300 => Success,
            408 or 429 or >= 500 => Retry($"{receiver} answered {code}."),
            _ => GiveUp($"{receiver} refused the message with {code}."),
        };
    }
}
