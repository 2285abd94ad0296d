namespace Forge.Aws.Sns;

/// <summary>
/// Input of Publish (model shape <c>PublishInput</c>): exactly one of <see cref="TopicArn"/>,
/// <see cref="TargetArn"/> and <see cref="PhoneNumber"/>, and a <see cref="Message"/>.
/// </summary>
public sealed class PublishInput
{
    public string? TopicArn { get; set; }

    /// <summary>A mobile platform endpoint ARN.</summary>
    public string? TargetArn { get; set; }

    /// <summary>E.164, e.g. <c>+14155552671</c>. Sensitive.</summary>
    public string? PhoneNumber { get; set; }

    /// <summary>Required; at most 262 144 UTF-8 bytes together with the message attributes.</summary>
    public string Message { get; set; } = "";

    /// <summary>For e-mail endpoints: under 100 characters, no line breaks or control characters.</summary>
    public string? Subject { get; set; }

    /// <summary><c>json</c>: <see cref="Message"/> is a JSON object with at least a <c>default</c> string.</summary>
    public string? MessageStructure { get; set; }

    public Dictionary<string, MessageAttributeValue>? MessageAttributes { get; set; }

    /// <summary>FIFO topics only, at most 128 characters.</summary>
    public string? MessageDeduplicationId { get; set; }

    /// <summary>Required for FIFO topics, at most 128 characters.</summary>
    public string? MessageGroupId { get; set; }
}

/// <summary>One message attribute (model shape <c>MessageAttributeValue</c>).</summary>
public sealed class MessageAttributeValue
{
    /// <summary>Required: <c>String</c>, <c>String.Array</c>, <c>Number</c> or <c>Binary</c>, optionally with a custom suffix.</summary>
    public string DataType { get; set; } = "";

    public string? StringValue { get; set; }

    public byte[]? BinaryValue { get; set; }
}

/// <summary>Output of Publish (model shape <c>PublishResponse</c>, wrapped in <c>PublishResult</c>).</summary>
public sealed class PublishResponse
{
    public string? MessageId { get; set; }

    /// <summary>FIFO topics only: a 128-bit number as a string.</summary>
    public string? SequenceNumber { get; set; }
}

/// <summary>The message attribute data types SNS knows; the model types <c>DataType</c> as a plain string.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "Named after the wire values.")]
public static class MessageAttributeDataType
{
    public const string String = "String";
    public const string StringArray = "String.Array";
    public const string Number = "Number";
    public const string Binary = "Binary";
}

/// <summary>Values of <see cref="PublishInput.MessageStructure"/>.</summary>
public static class MessageStructure
{
    public const string Json = "json";
}
