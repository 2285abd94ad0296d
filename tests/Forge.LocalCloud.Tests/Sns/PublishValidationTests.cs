using System.Net;

namespace Forge.LocalCloud.Tests.Sns;

/// <summary>Each rule of Publish, answered as an awsQuery XML error with SNS's code and status; nothing is kept.</summary>
public sealed class PublishValidationTests
{
    private const string Topic = SnsWire.TopicArn;

    public static TheoryData<string, string[], string, int> Invalid => new()
    {
        { "no destination", ["Message", "m"], "InvalidParameter", 400 },
        { "topic and phone number", ["TopicArn", Topic, "PhoneNumber", "+14155552671", "Message", "m"], "InvalidParameter", 400 },
        { "malformed topic ARN", ["TopicArn", "forge-events", "Message", "m"], "InvalidParameter", 400 },
        { "topic of another region", ["TopicArn", "arn:aws:sns:eu-west-1:000000000000:forge-events", "Message", "m"], "InvalidParameter", 400 },
        { "topic with the wrong partition", ["TopicArn", "arn:aws-cn:sns:us-east-1:000000000000:forge-events", "Message", "m"], "InvalidParameter", 400 },
        { "topic of another account", ["TopicArn", "arn:aws:sns:us-east-1:123456789012:forge-events", "Message", "m"], "AuthorizationError", 403 },
        { "unknown mobile endpoint", ["TargetArn", "arn:aws:sns:us-east-1:000000000000:endpoint/GCM/app/1a2b", "Message", "m"], "NotFound", 404 },
        { "phone number not in E.164", ["PhoneNumber", "555-0100", "Message", "m"], "InvalidParameter", 400 },
        { "no message", ["TopicArn", Topic], "ValidationException", 400 },
        { "empty message", ["TopicArn", Topic, "Message", ""], "InvalidParameter", 400 },
        { "message over 256 KB", ["TopicArn", Topic, "Message", new string('m', 262_145)], "InvalidParameter", 400 },
        { "256 KB counting the attributes", ["TopicArn", Topic, "Message", new string('m', 262_140), .. Attribute(1, "k", "String", "v")], "InvalidParameter", 400 },
        { "empty subject", ["TopicArn", Topic, "Message", "m", "Subject", ""], "InvalidParameter", 400 },
        { "subject of 100 characters", ["TopicArn", Topic, "Message", "m", "Subject", new string('s', 100)], "InvalidParameter", 400 },
        { "subject with a line break", ["TopicArn", Topic, "Message", "m", "Subject", "two\nlines"], "InvalidParameter", 400 },
        { "unknown message structure", ["TopicArn", Topic, "Message", "m", "MessageStructure", "xml"], "InvalidParameter", 400 },
        { "json structure without default", ["TopicArn", Topic, "Message", """{"email":"hi"}""", "MessageStructure", "json"], "InvalidParameter", 400 },
        { "json structure that is not json", ["TopicArn", Topic, "Message", "hi", "MessageStructure", "json"], "InvalidParameter", 400 },
        { "attribute without type", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "k", "", "v")], "ParameterValueInvalid", 400 },
        { "attribute of an unknown type", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "k", "Date", "v")], "ParameterValueInvalid", 400 },
        { "attribute with an empty value", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "k", "String", "")], "ParameterValueInvalid", 400 },
        { "number attribute that is not a number", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "k", "Number", "ten")], "ParameterValueInvalid", 400 },
        { "string array that is not an array", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "k", "String.Array", "a,b")], "ParameterValueInvalid", 400 },
        { "reserved attribute name", ["TopicArn", Topic, "Message", "m", .. Attribute(1, "AWS.trace", "String", "v")], "ParameterValueInvalid", 400 },
        { "eleven attributes", ["TopicArn", Topic, "Message", "m", .. Enumerable.Range(1, 11).SelectMany(i => Attribute(i, $"k{i}", "String", "v"))], "ParameterValueInvalid", 400 },
        { "FIFO topic without group id", ["TopicArn", "arn:aws:sns:us-east-1:000000000000:builds.fifo", "Message", "m"], "InvalidParameter", 400 },
        { "deduplication id on a standard topic", ["TopicArn", Topic, "Message", "m", "MessageDeduplicationId", "d"], "InvalidParameter", 400 },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_publish_is_an_xml_error_with_the_query_code(string what, string[] parameters, string code, int status)
    {
        await using var wire = await SnsWire.StartAsync();

        var (response, xml) = await wire.PublishAsync([.. parameters.Chunk(2).Select(p => (p[0], p[1]))]);

        using (response)
        {
            Assert.True((int)response.StatusCode == status, $"{what}: {(int)response.StatusCode}");
        }

        Assert.Equal(SnsWire.Ns + "ErrorResponse", xml.Name);
        var error = xml.Element(SnsWire.Ns + "Error")!;
        Assert.Equal((code, "Sender"), (error.Element(SnsWire.Ns + "Code")?.Value, error.Element(SnsWire.Ns + "Type")?.Value));
        Assert.False(string.IsNullOrEmpty(error.Element(SnsWire.Ns + "Message")?.Value));
        Assert.Empty(wire.Store.Find());
    }

    private static string[] Attribute(int index, string name, string type, string value) =>
    [
        $"MessageAttributes.entry.{index}.Name", name,
        $"MessageAttributes.entry.{index}.Value.DataType", type,
        $"MessageAttributes.entry.{index}.Value.StringValue", value,
    ];
}
