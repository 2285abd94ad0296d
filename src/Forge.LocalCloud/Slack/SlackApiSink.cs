using System.Text.Json;

namespace Forge.LocalCloud.Slack;

/// <summary>One <c>chat.postMessage</c> call the Slack Web API sink received, and what it answered.</summary>
public sealed record SlackApiCall(long Sequence, DateTimeOffset ReceivedAt, string Method, string? Authorization, string? Channel, string? Text, bool Ok, string? Error);

/// <summary>
/// A stand-in for Slack's Web API, for local mode and tests: <c>POST /_localcloud/slack/api/chat.postMessage</c> takes
/// <c>{"channel", "text"}</c> with <c>Authorization: Bearer xoxb-...</c> and answers as Slack does, 200 with
/// <c>{"ok": true, "channel", "ts", "message"}</c>, or <c>{"ok": false, "error"}</c>: <c>not_authed</c> without a token,
/// <c>invalid_auth</c> for one that is not a bot token, <c>channel_not_found</c> for a member it does not know,
/// <c>no_text</c> without text. Members are added with <c>PUT /_localcloud/slack/members/{memberId}</c>; every call is
/// shown by <c>GET /_localcloud/slack/calls</c>.
/// </summary>
public sealed class SlackApiSink(TimeProvider clock)
{
    public const int Capacity = 10_000;

    private readonly Lock _gate = new();
    private readonly List<SlackApiCall> _calls = [];
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private long _sequence;

    public void AddMember(string memberId)
    {
        lock (_gate)
        {
            _members.Add(memberId);
        }
    }

    public IReadOnlyList<SlackApiCall> Calls()
    {
        lock (_gate)
        {
            return [.. _calls];
        }
    }

    /// <summary>Answers one <c>chat.postMessage</c> and records it.</summary>
    public object PostMessage(string? authorization, JsonElement body)
    {
        var channel = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var text = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        lock (_gate)
        {
            var error = authorization is null || !authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? "not_authed"
                : !authorization["Bearer ".Length..].StartsWith("xoxb-", StringComparison.Ordinal) ? "invalid_auth"
                : channel is null || !_members.Contains(channel) ? "channel_not_found"
                : string.IsNullOrEmpty(text) ? "no_text"
                : null;
            var now = clock.GetUtcNow();
            _calls.Add(new SlackApiCall(++_sequence, now, "chat.postMessage", authorization, channel, text, error is null, error));
            if (_calls.Count > Capacity)
            {
                _calls.RemoveAt(0);
            }

            if (error is not null)
            {
                return new { ok = false, error };
            }

            var ts = $"{now.ToUnixTimeSeconds()}.{_sequence:D6}";
            // A direct message to a member lands in the bot's IM channel with them.
            var im = "D" + channel![1..];
            return new { ok = true, channel = im, ts, message = new { type = "message", text, ts } };
        }
    }
}

public static class SlackApiControl
{
    public static IServiceCollection AddLocalSlackApi(this IServiceCollection services) => services.AddSingleton<SlackApiSink>();

    public static IEndpointRouteBuilder MapSlackApiControl(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var prefix = Control.ControlApi.Prefix + "/slack";
        endpoints.MapPost(prefix + "/api/chat.postMessage", (HttpRequest request, JsonElement body, SlackApiSink sink) =>
            Results.Json(sink.PostMessage(request.Headers.Authorization.FirstOrDefault(), body)));
        endpoints.MapPut(prefix + "/members/{memberId}", (string memberId, SlackApiSink sink) =>
        {
            sink.AddMember(memberId);
            return Results.NoContent();
        });
        endpoints.MapGet(prefix + "/calls", (SlackApiSink sink) => Results.Ok(new { calls = sink.Calls() }));
        return endpoints;
    }
}
