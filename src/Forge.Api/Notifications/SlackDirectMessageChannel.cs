using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>
/// A direct message to one Slack member through Forge's bot (Slack Web API <c>chat.postMessage</c>: JSON
/// <c>{"channel": member id, "text": ...}</c>, the bot token as <c>Authorization: Bearer</c>). Slack answers 200 with
/// <c>{"ok": true, ...}</c>, or <c>{"ok": false, "error": "..."}</c>: a transient error (rate limits, Slack's own
/// trouble) is tried again, any other (an unknown member, a revoked token) is final. The token is a secret: it only
/// ever travels in the header, never in a log, an error or a row.
/// </summary>
public sealed class SlackDirectMessageChannel(IHttpClientFactory http, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ChannelName = "slack-dm";

    private static readonly HashSet<string> TransientErrors = new(StringComparer.Ordinal)
    {
        "ratelimited", "internal_error", "fatal_error", "service_unavailable", "request_timeout",
    };

    public string Name => ChannelName;

    public bool IsConfigured => options.Value.Slack.BotToken is { Length: > 0 };

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Recipient is not { Length: > 0 } member)
        {
            return DeliveryResult.GiveUp("The message names no Slack member to write to.");
        }

        var slack = options.Value.Slack;
        var client = http.CreateClient(NotificationsServiceCollectionExtensions.HttpClientName);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(slack.ApiUrl, "chat.postMessage"))
        {
            Content = JsonContent.Create(new { channel = member, text = $"*{message.Subject}*\n{message.Body}" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", slack.BotToken);
        using var response = await client.SendAsync(request, cancellationToken);
        var status = DeliveryResult.FromHttpStatus(response.StatusCode, "Slack's Web API");
        if (!status.Delivered)
        {
            return status;
        }

        var answer = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("ok", out var ok) && ok.ValueKind == JsonValueKind.True)
        {
            return DeliveryResult.Success;
        }

        var error = answer.ValueKind == JsonValueKind.Object && answer.TryGetProperty("error", out var e) && e.ValueKind == JsonValueKind.String
            ? e.GetString()! : "no 'ok' in the answer";
        return TransientErrors.Contains(error)
            ? DeliveryResult.Retry($"Slack's chat.postMessage answered '{error}'.")
            : DeliveryResult.GiveUp($"Slack's chat.postMessage refused the message: '{error}'.");
    }
}
