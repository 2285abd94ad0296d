using System.Xml.Linq;

namespace Forge.Aws.Sns;

/// <summary>Amazon SNS over awsQuery; errors carry the Query codes (<c>InvalidParameter</c>, <c>NotFound</c>, ...).</summary>
public sealed class SnsClient(AwsClientFactory factory)
{
    private readonly Protocols.AwsQueryClient _query = factory.Query(AwsServices.Sns);

    /// <summary>
    /// Publishes one message. An oversize message (over 256 KB with its attributes) or a subject SNS would refuse
    /// throws <see cref="ArgumentException"/> before anything is sent.
    /// </summary>
    public async Task<PublishResponse> PublishAsync(PublishInput request, string? region = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        PublishRequestEncoder.Validate(request);
        var result = await _query.InvokeAsync("Publish", PublishRequestEncoder.Encode(request), region, cancellationToken)
            .ConfigureAwait(false);
        return new PublishResponse
        {
            MessageId = Child(result, "MessageId"),
            SequenceNumber = Child(result, "SequenceNumber"),
        };
    }

    private static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
}
