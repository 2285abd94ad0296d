using Forge.Aws;
using Forge.Aws.Sns;
using Microsoft.Extensions.Options;

namespace Forge.Api.Notifications;

/// <summary>
/// Publishes to the configured SNS topic (awsQuery Publish through Forge.Aws, which retries throttling itself).
/// The subject is cut to what SNS accepts (under 100 characters, one line); the body is the message.
/// </summary>
public sealed class SnsChannel(SnsClient sns, IOptions<NotificationOptions> options) : INotificationChannel
{
    public const string ChannelName = "sns";

    public string Name => ChannelName;

    public bool IsConfigured => !string.IsNullOrEmpty(options.Value.Sns.TopicArn);

    public async Task<DeliveryResult> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var settings = options.Value.Sns;
        var subject = new string([.. message.Subject.Select(c => char.IsControl(c) ? ' ' : c)]).Trim();
        if (subject.Length > PublishRequestEncoder.MaxSubjectLength)
        {
            subject = subject[..(PublishRequestEncoder.MaxSubjectLength - 1)] + "…";
        }

        try
        {
            await sns.PublishAsync(new PublishInput
            {
                TopicArn = settings.TopicArn,
                Subject = subject.Length == 0 ? null : subject,
                Message = message.Body,
            }, settings.Region, cancellationToken);
            return DeliveryResult.Success;
        }
        catch (AwsServiceException e) when (!e.IsTransient)
        {
            return DeliveryResult.GiveUp(e.Message);
        }
        catch (ArgumentException e)
        {
            return DeliveryResult.GiveUp(e.Message);
        }
    }
}
