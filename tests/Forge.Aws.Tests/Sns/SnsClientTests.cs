using System.Net;
using Forge.Aws.Sns;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud.Sns;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Aws.Tests.Sns;

/// <summary>SnsClient end to end against the local cloud: attributes round trip, errors decoded from XML.</summary>
public sealed class SnsClientTests() : LocalCloudTestHost(new DateTimeOffset(2026, 6, 1, 7, 0, 0, TimeSpan.Zero))
{
    private const string Topic = "arn:aws:sns:eu-west-1:000000000000:forge-notifications";

    private SnsClient _client = null!;

    private SnsMessageStore Store => Cloud.Services.GetRequiredService<SnsMessageStore>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _client = new SnsClient(Aws);
    }

    protected override void ConfigureAws(AwsOptions options) => options.DefaultRegion = "eu-west-1";

    [Fact]
    public async Task Message_attributes_of_every_type_round_trip()
    {
        var answer = await _client.PublishAsync(new PublishInput
        {
            TopicArn = Topic,
            Subject = "Workstation ready",
            Message = "ws-42 is AVAILABLE & reachable = yes",
            MessageAttributes = new()
            {
                ["event"] = new MessageAttributeValue { DataType = MessageAttributeDataType.String, StringValue = "workspace.available" },
                ["attempt"] = new MessageAttributeValue { DataType = MessageAttributeDataType.Number, StringValue = "3" },
                ["tags"] = new MessageAttributeValue { DataType = MessageAttributeDataType.StringArray, StringValue = """["dev","gpu"]""" },
                ["blob"] = new MessageAttributeValue { DataType = MessageAttributeDataType.Binary, BinaryValue = [0, 1, 2, 250] },
            },
        });

        Assert.True(Guid.TryParse(answer.MessageId, out _));
        Assert.Null(answer.SequenceNumber);
        var kept = Assert.Single(Store.Find(Topic));
        Assert.Equal((answer.MessageId, "ws-42 is AVAILABLE & reachable = yes", "Workstation ready"), (kept.MessageId, kept.Message, kept.Subject));
        Assert.Equal(
            [("attempt", "Number", "3"), ("blob", "Binary", "AAEC+g=="), ("event", "String", "workspace.available"), ("tags", "String.Array", """["dev","gpu"]""")],
            kept.MessageAttributes.OrderBy(a => a.Key, StringComparer.Ordinal)
                .Select(a => (a.Key, a.Value.DataType, a.Value.StringValue ?? a.Value.BinaryValue)));
    }

    [Fact]
    public async Task Fifo_publish_returns_the_sequence_number()
    {
        var answer = await _client.PublishAsync(new PublishInput
        {
            TopicArn = "arn:aws:sns:eu-west-1:000000000000:forge-builds.fifo", Message = "done", MessageGroupId = "pool-a",
            MessageDeduplicationId = "build-1",
        });

        Assert.Matches("^[0-9]{20}$", answer.SequenceNumber);
    }

    [Theory]
    [InlineData("arn:aws:sns:us-east-1:000000000000:forge-notifications", "InvalidParameter", HttpStatusCode.BadRequest)]
    [InlineData("not-an-arn", "InvalidParameter", HttpStatusCode.BadRequest)]
    [InlineData("arn:aws:sns:eu-west-1:999999999999:forge-notifications", "AuthorizationError", HttpStatusCode.Forbidden)]
    public async Task Errors_are_decoded_from_the_xml_error_response(string topicArn, string code, HttpStatusCode status)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _client.PublishAsync(new PublishInput { TopicArn = topicArn, Message = "m" }));

        Assert.Equal((code, status, false), (error.ErrorCode, error.StatusCode, error.IsTransient));
        Assert.False(string.IsNullOrEmpty(error.ErrorMessage));
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task Invalid_attribute_is_decoded_as_ParameterValueInvalid()
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => _client.PublishAsync(new PublishInput
        {
            TopicArn = Topic, Message = "m",
            MessageAttributes = new() { ["count"] = new MessageAttributeValue { DataType = "Number", StringValue = "many" } },
        }));

        Assert.Equal("ParameterValueInvalid", error.ErrorCode);
    }

    [Theory]
    [InlineData(262_144, null, true)]
    [InlineData(262_145, null, false)]
    [InlineData(100, "Line\nbreak", false)]
    [InlineData(100, "", false)]
    [InlineData(100, "99 characters .....................................................................................", true)]
    public async Task Size_and_subject_are_checked_before_sending(int messageBytes, string? subject, bool accepted)
    {
        var input = new PublishInput { TopicArn = Topic, Message = new string('m', messageBytes), Subject = subject };

        if (accepted)
        {
            await _client.PublishAsync(input);
            Assert.Single(Store.Find(Topic));
        }
        else
        {
            await Assert.ThrowsAsync<ArgumentException>(() => _client.PublishAsync(input));
            Assert.Empty(Store.Find());
        }
    }

    [Fact]
    public void Attributes_count_toward_the_256_KB_limit()
    {
        var input = new PublishInput
        {
            TopicArn = Topic, Message = new string('m', 262_140),
            MessageAttributes = new() { ["k"] = new MessageAttributeValue { DataType = "String", StringValue = "vvvv" } },
        };

        Assert.Equal(262_151, PublishRequestEncoder.MessageBytes(input));
        Assert.Throws<ArgumentException>(() => PublishRequestEncoder.Validate(input));
    }
}
