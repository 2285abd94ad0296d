namespace Forge.LocalCloud.Sns;

/// <summary>One message SNS accepted. <see cref="PhoneNumber"/> is kept for tests of SMS paths.</summary>
public sealed record StoredSnsMessage(
    string MessageId,
    string Region,
    string? TopicArn,
    string? TargetArn,
    string? PhoneNumber,
    string Message,
    string? Subject,
    string? MessageStructure,
    IReadOnlyDictionary<string, StoredMessageAttributeValue> MessageAttributes,
    string? MessageGroupId,
    string? MessageDeduplicationId,
    string? SequenceNumber,
    DateTimeOffset Timestamp);

/// <summary>
/// Every message Publish accepted, oldest first, for tests and the control surface. Bounded so that a local
/// cloud left running does not grow without limit: the oldest messages go first.
/// </summary>
public sealed class SnsMessageStore
{
    public const int Capacity = 100_000;

    private readonly Lock _gate = new();
    private readonly LinkedList<StoredSnsMessage> _messages = new();

    public void Add(StoredSnsMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        lock (_gate)
        {
            _messages.AddLast(message);
            if (_messages.Count > Capacity)
            {
                _messages.RemoveFirst();
            }
        }
    }

    /// <summary>Messages published to <paramref name="topicArn"/> (directly or as TargetArn) and/or in a region; null: any.</summary>
    public IReadOnlyList<StoredSnsMessage> Find(string? topicArn = null, string? region = null)
    {
        lock (_gate)
        {
            return [.. _messages.Where(m => (topicArn is null || m.TopicArn == topicArn || m.TargetArn == topicArn)
                && (region is null || m.Region == region))];
        }
    }
}
