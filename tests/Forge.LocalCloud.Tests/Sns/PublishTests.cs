using System.Net;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Tests.Sns;

/// <summary>SNS Publish over awsQuery: the answer's shape, what is kept, FIFO sequencing and deduplication.</summary>
public sealed class PublishTests
{
    [Fact]
    public async Task Publish_answers_a_message_id_in_the_sns_namespace_and_keeps_the_message_with_its_attributes()
    {
        await using var wire = await SnsWire.StartAsync();

        var (response, xml) = await wire.PublishAsync(("TopicArn", SnsWire.TopicArn), ("Message", "ws-1 is AVAILABLE"),
            ("Subject", "Ready"),
            ("MessageAttributes.entry.1.Name", "event"), ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "workspace.available"),
            ("MessageAttributes.entry.2.Name", "payload"), ("MessageAttributes.entry.2.Value.DataType", "Binary"),
            ("MessageAttributes.entry.2.Value.BinaryValue", "AAEC+g=="));

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(SnsWire.Ns + "PublishResponse", xml.Name);
        var messageId = xml.Element(SnsWire.Ns + "PublishResult")?.Element(SnsWire.Ns + "MessageId")?.Value;
        Assert.True(Guid.TryParse(messageId, out _), messageId);
        Assert.Null(xml.Element(SnsWire.Ns + "PublishResult")?.Element(SnsWire.Ns + "SequenceNumber"));
        Assert.NotNull(xml.Element(SnsWire.Ns + "ResponseMetadata")?.Element(SnsWire.Ns + "RequestId"));

        var kept = Assert.Single(wire.Store.Find(SnsWire.TopicArn));
        Assert.Equal((messageId, "ws-1 is AVAILABLE", "Ready", SnsWire.Region), (kept.MessageId, kept.Message, kept.Subject, kept.Region));
        Assert.Equal("workspace.available", kept.MessageAttributes["event"].StringValue);
        Assert.Equal(("Binary", "AAEC+g=="), (kept.MessageAttributes["payload"].DataType, kept.MessageAttributes["payload"].BinaryValue));
    }

    [Fact]
    public async Task Control_endpoint_lists_the_messages_of_one_topic()
    {
        await using var wire = await SnsWire.StartAsync();
        (await wire.PublishAsync(("TopicArn", SnsWire.TopicArn), ("Message", "one"))).Response.Dispose();
        (await wire.PublishAsync(("TopicArn", SnsWire.TopicArn + "-other"), ("Message", "two"))).Response.Dispose();

        using var response = await wire.GetAsync($"/_localcloud/sns/messages?topicArn={Uri.EscapeDataString(SnsWire.TopicArn)}");

        var messages = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["messages"]!.AsArray();
        Assert.Equal("one", (string?)Assert.Single(messages)!["message"]);
    }

    [Fact]
    public async Task Message_of_exactly_256_KB_with_its_attributes_is_accepted()
    {
        await using var wire = await SnsWire.StartAsync();
        // Attribute: name "k" (1) + type "String" (6) + value "v" (1) = 8 bytes; "é" is two bytes.
        var message = new string('é', 131_068);

        var (response, _) = await wire.PublishAsync(("TopicArn", SnsWire.TopicArn), ("Message", message),
            ("MessageAttributes.entry.1.Name", "k"), ("MessageAttributes.entry.1.Value.DataType", "String"),
            ("MessageAttributes.entry.1.Value.StringValue", "v"));

        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Fifo_topic_answers_growing_sequence_numbers_and_deduplicates_for_five_minutes()
    {
        await using var wire = await SnsWire.StartAsync();
        const string fifo = "arn:aws:sns:us-east-1:000000000000:builds.fifo";

        var first = await PublishFifoAsync(wire, fifo, "build 1 done", "d-1");
        var second = await PublishFifoAsync(wire, fifo, "build 2 done", "d-2");
        var repeated = await PublishFifoAsync(wire, fifo, "build 1 done", "d-1");
        wire.Clock.Advance(TimeSpan.FromMinutes(5));
        var later = await PublishFifoAsync(wire, fifo, "build 1 done", "d-1");

        Assert.True(UInt128.Parse(second.Sequence!) > UInt128.Parse(first.Sequence!));
        Assert.Equal(first, repeated);
        Assert.NotEqual(first.MessageId, later.MessageId);
        Assert.Equal(3, wire.Store.Find(fifo).Count);
        Assert.Equal("builds", wire.Store.Find(fifo)[0].MessageGroupId);
    }

    private static async Task<(string? MessageId, string? Sequence)> PublishFifoAsync(SnsWire wire, string topic, string message, string deduplicationId)
    {
        var (response, xml) = await wire.PublishAsync(("TopicArn", topic), ("Message", message),
            ("MessageGroupId", "builds"), ("MessageDeduplicationId", deduplicationId));
        response.Dispose();
        var result = xml.Element(SnsWire.Ns + "PublishResult");
        return (result?.Element(SnsWire.Ns + "MessageId")?.Value, result?.Element(SnsWire.Ns + "SequenceNumber")?.Value);
    }
}
