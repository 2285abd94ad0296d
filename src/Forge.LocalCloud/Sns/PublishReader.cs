using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Sns;

/// <summary>A Publish request that passed validation.</summary>
public sealed record PublishRequest(
    string? TopicArn,
    string? TargetArn,
    string? PhoneNumber,
    SnsArn? Topic,
    string Message,
    string? Subject,
    string? MessageStructure,
    IReadOnlyDictionary<string, StoredMessageAttributeValue> MessageAttributes,
    string? MessageGroupId,
    string? MessageDeduplicationId);

/// <summary>
/// Validates Publish as SNS does: exactly one destination, a topic in the caller's region and account, a
/// non-empty message of at most 256 KB with its attributes, a subject under 100 characters without control
/// characters, MessageStructure <c>json</c> with a <c>default</c> entry, and FIFO rules for group and
/// deduplication ids.
/// </summary>
public static partial class PublishReader
{
    public const int MaxMessageBytes = 262_144;
    public const int MaxSubjectLength = 99;
    public const int MaxIdLength = 128;

    public static PublishRequest Read(IReadOnlyDictionary<string, string> parameters, LocalRequestContext context, string accountId)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(context);
        var topicArn = parameters.GetValueOrDefault("TopicArn");
        var targetArn = parameters.GetValueOrDefault("TargetArn");
        var phone = parameters.GetValueOrDefault("PhoneNumber");
        var destinations = new[] { topicArn, targetArn, phone }.Count(d => d is not null);
        if (destinations == 0)
        {
            throw SnsErrors.InvalidParameter("TopicArn or TargetArn Reason: no value for required parameter");
        }

        if (destinations > 1)
        {
            throw SnsErrors.InvalidParameter("Exactly one of TopicArn, TargetArn or PhoneNumber must be specified");
        }

        var topic = phone is null ? Destination(topicArn is null ? "TargetArn" : "TopicArn", topicArn ?? targetArn!, context.Region, accountId) : null;
        if (phone is not null && !PhoneNumberPattern().IsMatch(phone))
        {
            throw SnsErrors.InvalidParameter($"PhoneNumber Reason: {phone} is not valid to publish to");
        }

        var message = parameters.GetValueOrDefault("Message") ?? throw SnsErrors.Validation(
            "1 validation error detected: Value null at 'message' failed to satisfy constraint: Member must not be null");
        if (message.Length == 0)
        {
            throw SnsErrors.InvalidParameter("Empty message");
        }

        var attributes = MessageAttributesReader.Read(parameters);
        if (Size(message, attributes) > MaxMessageBytes)
        {
            throw SnsErrors.InvalidParameter("Message too long");
        }

        var subject = parameters.GetValueOrDefault("Subject");
        if (subject is not null && (subject.Length is 0 or > MaxSubjectLength || subject.Any(char.IsControl)))
        {
            throw SnsErrors.InvalidParameter("Subject");
        }

        var structure = parameters.GetValueOrDefault("MessageStructure");
        ValidateStructure(structure, message);
        var (groupId, deduplicationId) = FifoIds(parameters, topic);
        return new PublishRequest(topicArn, targetArn, phone, topic, message, subject, structure, attributes, groupId, deduplicationId);
    }

    /// <summary>Message plus every attribute's name, type and value, in UTF-8 bytes (binary values decoded).</summary>
    public static long Size(string message, IReadOnlyDictionary<string, StoredMessageAttributeValue> attributes)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        long size = Encoding.UTF8.GetByteCount(message);
        foreach (var (name, value) in attributes)
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value.DataType)
                + Encoding.UTF8.GetByteCount(value.StringValue ?? "")
                + (value.BinaryValue is null ? 0 : Convert.FromBase64String(value.BinaryValue).Length);
        }

        return size;
    }

    private static SnsArn Destination(string member, string arn, string region, string accountId)
    {
        var parsed = SnsArn.Parse(arn);
        // Only same-region topics and endpoints can be published to: another region's ARN is a bad parameter.
        if (parsed is null || parsed.Region != region || (member == "TopicArn" && !parsed.IsTopic))
        {
            throw SnsErrors.InvalidParameter(member);
        }

        if (parsed.AccountId != accountId)
        {
            throw SnsErrors.AuthorizationError($"User is not authorized to perform: SNS:Publish on resource: {arn}");
        }

        // Mobile platform endpoints are not emulated: none exists.
        return parsed.IsTopic ? parsed : throw SnsErrors.NotFound("Endpoint does not exist");
    }

    private static void ValidateStructure(string? structure, string message)
    {
        if (structure is null)
        {
            return;
        }

        if (structure != "json")
        {
            throw SnsErrors.InvalidParameter("MessageStructure");
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
            }

            if (!document.RootElement.TryGetProperty("default", out var fallback) || fallback.ValueKind != JsonValueKind.String)
            {
                throw SnsErrors.InvalidParameter("Message Structure - No default entry in JSON message body");
            }
        }
        catch (JsonException)
        {
            throw SnsErrors.InvalidParameter("Message Structure - JSON message body failed to parse");
        }
    }

    private static (string? GroupId, string? DeduplicationId) FifoIds(IReadOnlyDictionary<string, string> parameters, SnsArn? topic)
    {
        var groupId = parameters.GetValueOrDefault("MessageGroupId");
        var deduplicationId = parameters.GetValueOrDefault("MessageDeduplicationId");
        foreach (var (member, value) in new[] { ("MessageGroupId", groupId), ("MessageDeduplicationId", deduplicationId) })
        {
            if (value is not null && !FifoId().IsMatch(value))
            {
                throw SnsErrors.InvalidParameter($"{member} Reason: must be 1 to {MaxIdLength} alphanumeric or punctuation characters");
            }
        }

        if (topic is { IsFifoTopic: true } && groupId is null)
        {
            throw SnsErrors.InvalidParameter("The MessageGroupId parameter is required for FIFO topics");
        }

        if (topic is not { IsFifoTopic: true } && deduplicationId is not null)
        {
            throw SnsErrors.InvalidParameter("The request includes MessageDeduplicationId parameter that is not valid for this topic type");
        }

        return (groupId, deduplicationId);
    }

    [GeneratedRegex(@"^\+[1-9][0-9]{1,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneNumberPattern();

    [GeneratedRegex(@"^[!-~]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex FifoId();
}
