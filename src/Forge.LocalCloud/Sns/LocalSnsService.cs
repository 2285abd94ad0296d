using System.Xml.Linq;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Sns;

/// <summary>
/// Amazon SNS Publish over awsQuery. Topics exist implicitly: any well-formed topic ARN of the caller's region
/// and account can be published to, and every accepted message is kept in <see cref="SnsMessageStore"/>.
/// </summary>
public sealed partial class LocalSnsService(
    SnsMessageStore store,
    FifoSequencer fifo,
    LocalIds ids,
    LocalCloudOptions options,
    ILogger<LocalSnsService> logger) : IQueryLocalService
{
    public AwsService Service => AwsServices.Sns;

    public bool HasOperation(string operation) => operation == "Publish";

    public ValueTask<IReadOnlyList<XElement>?> InvokeQueryAsync(string operation, IReadOnlyDictionary<string, string> parameters,
        LocalRequestContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HasOperation(operation))
        {
            throw new LocalCloudException("InvalidAction", $"The action {operation} is not valid for this web service.");
        }

        var request = PublishReader.Read(parameters, context, options.AccountId);
        string messageId;
        string? sequenceNumber = null;
        var duplicate = false;
        if (request.Topic is { IsFifoTopic: true } topic)
        {
            var arn = request.TopicArn ?? request.TargetArn!;
            (messageId, sequenceNumber, duplicate) = fifo.Next(arn, request.MessageDeduplicationId, request.Message, context.Now,
                () => ids.NewGuid().ToString());
        }
        else
        {
            messageId = ids.NewGuid().ToString();
        }

        if (!duplicate)
        {
            store.Add(new StoredSnsMessage(messageId, context.Region, request.TopicArn, request.TargetArn, request.PhoneNumber,
                request.Message, request.Subject, request.MessageStructure, request.MessageAttributes, request.MessageGroupId,
                request.MessageDeduplicationId, sequenceNumber, context.Now));
        }

        LogPublished(logger, messageId, request.TopicArn ?? request.TargetArn ?? "(phone number)", duplicate);
        var result = new List<XElement> { new("MessageId", messageId) };
        if (sequenceNumber is not null)
        {
            result.Add(new XElement("SequenceNumber", sequenceNumber));
        }

        return ValueTask.FromResult<IReadOnlyList<XElement>?>(result);
    }

    // The destination is logged, never the message or a phone number: they may carry personal data.
    [LoggerMessage(EventId = 710, Level = LogLevel.Debug, Message = "Publish {MessageId} to {Destination} (duplicate: {Duplicate})")]
    private static partial void LogPublished(ILogger logger, string messageId, string destination, bool duplicate);
}
