namespace Forge.LocalCloud.Webhooks;

/// <summary>One request a webhook sink received: its headers and its body as sent.</summary>
public sealed record ReceivedWebhook(long Sequence, string Sink, DateTimeOffset ReceivedAt, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// Named webhook receivers for local mode and tests (Slack, PagerDuty, signed webhooks all point at
/// <c>/_localcloud/webhooks/{name}</c>): keeps what they received, oldest first and bounded, and can stand
/// for a receiver that is down (an outage answers every request with a chosen status and keeps nothing).
/// </summary>
public sealed class WebhookSink
{
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<ReceivedWebhook> _received = new();
    private readonly Dictionary<string, int> _outages = new(StringComparer.Ordinal);
    private long _sequence;

    /// <summary>The status the sink answers while down, or null when it is up.</summary>
    public int? OutageOf(string sink)
    {
        lock (_gate)
        {
            return _outages.TryGetValue(sink, out var status) ? status : null;
        }
    }

    public void SetOutage(string sink, int? status)
    {
        lock (_gate)
        {
            if (status is { } value)
            {
                _outages[sink] = value;
            }
            else
            {
                _outages.Remove(sink);
            }
        }
    }

    public ReceivedWebhook Add(string sink, DateTimeOffset at, IReadOnlyDictionary<string, string> headers, string body)
    {
        lock (_gate)
        {
            var received = new ReceivedWebhook(++_sequence, sink, at, headers, body);
            _received.AddLast(received);
            if (_received.Count > Capacity)
            {
                _received.RemoveFirst();
            }

            return received;
        }
    }

    public IReadOnlyList<ReceivedWebhook> Find(string? sink)
    {
        lock (_gate)
        {
            return [.. _received.Where(r => sink is null || r.Sink == sink)];
        }
    }
}
