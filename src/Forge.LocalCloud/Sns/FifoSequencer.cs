using System.Security.Cryptography;
using System.Text;

namespace Forge.LocalCloud.Sns;

/// <summary>
/// FIFO topic bookkeeping: a growing 128-bit sequence number per topic and the five-minute deduplication
/// window. Topics exist implicitly here, so a FIFO publish without MessageDeduplicationId is deduplicated by
/// content, as a topic with ContentBasedDeduplication would be.
/// </summary>
public sealed class FifoSequencer
{
    public static readonly TimeSpan DeduplicationWindow = TimeSpan.FromMinutes(5);

    /// <summary>SNS sequence numbers are 20-digit numbers; start where theirs do.</summary>
    private static readonly UInt128 FirstSequenceNumber = UInt128.Parse("10000000000000000000", System.Globalization.CultureInfo.InvariantCulture);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, UInt128> _sequence = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Topic, string Id), (string MessageId, string SequenceNumber, DateTimeOffset At)> _seen = [];

    /// <summary>
    /// Returns the message id and sequence number for this publish; <c>Duplicate</c> when the same deduplication
    /// id was published to the topic within the window (the original's ids are returned and nothing is delivered).
    /// </summary>
    public (string MessageId, string SequenceNumber, bool Duplicate) Next(string topicArn, string? deduplicationId, string message,
        DateTimeOffset now, Func<string> newMessageId)
    {
        ArgumentNullException.ThrowIfNull(newMessageId);
        var key = (topicArn, deduplicationId ?? Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(message))));
        lock (_gate)
        {
            if (_seen.TryGetValue(key, out var earlier) && now - earlier.At < DeduplicationWindow)
            {
                return (earlier.MessageId, earlier.SequenceNumber, true);
            }

            var next = _sequence.TryGetValue(topicArn, out var last) ? last + 1 : FirstSequenceNumber;
            _sequence[topicArn] = next;
            var result = (newMessageId(), next.ToString(System.Globalization.CultureInfo.InvariantCulture));
            _seen[key] = (result.Item1, result.Item2, now);
            return (result.Item1, result.Item2, false);
        }
    }
}
