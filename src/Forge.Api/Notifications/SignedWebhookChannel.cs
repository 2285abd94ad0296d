using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>Where signed webhooks go (section <c>Notifications:Webhook</c>); off until both are set.</summary>
public sealed class SignedWebhookOptions
{
    public const string SectionName = "Notifications:Webhook";

    public Uri? Url { get; set; }

    /// <summary>The signing secret, <c>whsec_</c> and base64 as Standard Webhooks gives it. A secret: never logged nor sent.</summary>
    public string? Secret { get; set; }

    internal byte[]? Key
    {
        get
        {
            var buffer = new byte[64];
            return Secret is { } s && s.StartsWith("whsec_", StringComparison.Ordinal) && Convert.TryFromBase64String(s["whsec_".Length..], buffer, out var length)
                ? buffer[..length]
                : null;
        }
    }
}

/// <summary>
/// Posts each message as JSON signed per Standard Webhooks: <c>webhook-id</c> (the message's id, the same on every
/// retry, so a receiver drops duplicates), <c>webhook-timestamp</c> (Unix seconds of this attempt, so it can refuse
/// replays) and <c>webhook-signature</c> = <c>v1,</c> + base64(HMAC-SHA256(key, id + "." + timestamp + "." + body)).
/// </summary>
public sealed class SignedWebhookChannel(IHttpClientFactory http, IOptions<SignedWebhookOptions> options, TimeProvider timeProvider) : INotificationChannel
{
    public const string ChannelName = "webhook";

    public string Name => ChannelName;

    public bool IsConfigured => options.Value is { Url: not null, Key: not null };

    public static string Sign(byte[] key, string id, long timestamp, string body)
    {
        using var hmac = new HMACSHA256(key);
        return "v1," + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.{body}")));
    }

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value;
        var id = "msg_" + message.Id.ToString("N");
        var timestamp = timeProvider.GetUtcNow().ToUnixTimeSeconds();
        var body = JsonSerializer.Serialize(new
        {
            type = "forge.notice",
            timestamp = timeProvider.GetUtcNow(),
            data = new { key = message.DedupKey, recipient = message.Recipient, subject = message.Subject, body = message.Body },
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, settings.Url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Add("webhook-id", id);
        request.Headers.Add("webhook-timestamp", timestamp.ToString(CultureInfo.InvariantCulture));
        request.Headers.Add("webhook-signature", Sign(settings.Key!, id, timestamp, body));
        using var response = await http.CreateClient(NotificationsServiceCollectionExtensions.HttpClientName).SendAsync(request, cancellationToken);
        return DeliveryResult.FromHttpStatus(response.StatusCode, "The webhook receiver");
    }
}
