using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Webhooks;

/// <summary>
/// <c>POST /_localcloud/webhooks/{name}</c> receives; <c>GET /_localcloud/webhooks[?name=]</c> shows what was
/// received; <c>PUT /_localcloud/webhooks/{name}/outage</c> with <c>{"status": 503}</c> takes a receiver down and
/// <c>DELETE</c> on the same path brings it back. A body that is a PagerDuty Events v2 event is answered as
/// PagerDuty does (202 with <c>status</c> and <c>dedup_key</c>); anything else as Slack does (200 <c>ok</c>).
/// </summary>
public static class WebhookControlApi
{
    /// <summary>Bodies larger than this are refused with 413, as real receivers do.</summary>
    public const int MaxBodyBytes = 1_048_576;

    public static IServiceCollection AddLocalWebhooks(this IServiceCollection services) => services.AddSingleton<WebhookSink>();

    public static IEndpointRouteBuilder MapWebhookControl(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var prefix = Control.ControlApi.Prefix + "/webhooks";
        endpoints.MapPost(prefix + "/{name}", ReceiveAsync);
        endpoints.MapGet(prefix, (string? name, WebhookSink sink) => Results.Ok(new { webhooks = sink.Find(name) }));
        endpoints.MapPut(prefix + "/{name}/outage", (string name, Outage outage, WebhookSink sink) =>
        {
            if (outage.Status is < 400 or > 599)
            {
                return Results.Problem("'status' must be an HTTP error status (400 to 599).", statusCode: StatusCodes.Status400BadRequest);
            }

            sink.SetOutage(name, outage.Status);
            return Results.NoContent();
        });
        endpoints.MapDelete(prefix + "/{name}/outage", (string name, WebhookSink sink) =>
        {
            sink.SetOutage(name, null);
            return Results.NoContent();
        });
        return endpoints;
    }

    private static async Task<IResult> ReceiveAsync(string name, HttpRequest request, WebhookSink sink, TimeProvider clock)
    {
        if (sink.OutageOf(name) is { } down)
        {
            return Results.StatusCode(down);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16_384];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }

            buffer.Write(chunk, 0, read);
        }

        var body = System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        sink.Add(name, clock.GetUtcNow(), headers, body);
        return PagerDutyDedupKey(body) is { } dedupKey
            ? Results.Json(new { status = "success", message = "Event processed", dedup_key = dedupKey }, statusCode: StatusCodes.Status202Accepted)
            : Results.Text("ok");
    }

    private static string? PagerDutyDedupKey(string body)
    {
        try
        {
            return JsonNode.Parse(body) is JsonObject json && json["event_action"] is not null
                ? json["dedup_key"]?.GetValue<string>()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public sealed record Outage(int Status);
}
