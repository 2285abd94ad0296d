using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>
/// PagerDuty Events API v2: a <c>trigger</c> or <c>resolve</c> event for the incident named by the message's
/// <see cref="PagerDutyEvent.DedupKey"/> (carried in <see cref="OutboxMessage.Details"/>), so a trigger sent
/// twice is one incident and a resolve closes it. PagerDuty answers 202; 400 means the event itself is wrong.
/// </summary>
public sealed class PagerDutyChannel(IHttpClientFactory http, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ChannelName = "pagerduty";

    public string Name => ChannelName;

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.PagerDuty.RoutingKey);

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var incident = message.Details is null ? null : JsonSerializer.Deserialize<PagerDutyEvent>(message.Details);
        if (incident is null || string.IsNullOrEmpty(incident.DedupKey) || incident.Action is not ("trigger" or "resolve"))
        {
            return DeliveryResult.GiveUp("The message carries no PagerDuty event (action and dedup key).");
        }

        var settings = options.Value.PagerDuty;
        object body = incident.Action == "resolve"
            ? new { routing_key = settings.RoutingKey, event_action = "resolve", dedup_key = incident.DedupKey }
            : new
            {
                routing_key = settings.RoutingKey,
                event_action = "trigger",
                dedup_key = incident.DedupKey,
                payload = new
                {
                    summary = message.Subject.Length <= 1024 ? message.Subject : message.Subject[..1024],
                    source = "forge",
                    severity = incident.Severity ?? "critical",
                    component = incident.Component,
                    custom_details = new { description = message.Body },
                },
            };
        var client = http.CreateClient(NotificationsServiceCollectionExtensions.HttpClientName);
        using var response = await client.PostAsJsonAsync(settings.EventsUrl, body, cancellationToken);
        return DeliveryResult.FromHttpStatus(response.StatusCode, "PagerDuty");
    }
}

/// <summary>What a PagerDuty outbox message asks for; serialised into <see cref="OutboxMessage.Details"/>.</summary>
public sealed record PagerDutyEvent(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("dedupKey")] string DedupKey,
    [property: JsonPropertyName("severity")] string? Severity = null,
    [property: JsonPropertyName("component")] string? Component = null)
{
    public string ToJson() => JsonSerializer.Serialize(this);
}
