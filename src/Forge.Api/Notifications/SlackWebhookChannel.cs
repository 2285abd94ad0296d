using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>
/// Posts to a Slack incoming webhook (<c>{"text": ...}</c>; Slack answers 200 <c>ok</c>). The webhook's URL
/// carries its secret, so it is never logged nor put in an error.
/// </summary>
public sealed class SlackWebhookChannel(IHttpClientFactory http, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ChannelName = "slack";

    public string Name => ChannelName;

    public bool IsConfigured => options.Value.Slack.WebhookUrl is not null;

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var client = http.CreateClient(NotificationsServiceCollectionExtensions.HttpClientName);
        using var response = await client.PostAsJsonAsync(options.Value.Slack.WebhookUrl,
            new { text = $"*{message.Subject}*\n{message.Body}" }, cancellationToken);
        return DeliveryResult.FromHttpStatus(response.StatusCode, "Slack");
    }
}
