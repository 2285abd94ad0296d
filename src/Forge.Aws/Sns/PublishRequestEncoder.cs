using System.Text;

namespace Forge.Aws.Sns;

/// <summary>
/// Checks a <see cref="PublishInput"/> against the limits SNS documents and flattens it into awsQuery form
/// parameters (<c>MessageAttributes.entry.N.Name</c>, <c>.Value.DataType</c>, <c>.Value.StringValue</c>).
/// </summary>
public static class PublishRequestEncoder
{
    /// <summary>256 KB: message and all attribute names, types and values together, in UTF-8 bytes.</summary>
    public const int MaxMessageBytes = 262_144;

    /// <summary>Subjects must be "less than 100 characters long".</summary>
    public const int MaxSubjectLength = 99;

    /// <summary>Throws <see cref="ArgumentException"/> for what SNS would refuse: oversize, or a bad subject.</summary>
    public static void Validate(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (string.IsNullOrEmpty(input.Message))
        {
            throw new ArgumentException("Message is required and must not be empty.", nameof(input));
        }

        var size = MessageBytes(input);
        if (size > MaxMessageBytes)
        {
            throw new ArgumentException($"Message and attributes are {size} bytes; SNS accepts at most {MaxMessageBytes}.", nameof(input));
        }

        if (input.Subject is { } subject)
        {
            if (subject.Length == 0 || subject.Length > MaxSubjectLength)
            {
                throw new ArgumentException($"Subject must be 1..{MaxSubjectLength} characters.", nameof(input));
            }

            if (subject.Any(char.IsControl))
            {
                throw new ArgumentException("Subject must not contain line breaks or control characters.", nameof(input));
            }
        }
    }

    /// <summary>What counts toward the 256 KB limit.</summary>
    public static int MessageBytes(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var size = Encoding.UTF8.GetByteCount(input.Message ?? "");
        foreach (var (name, value) in input.MessageAttributes ?? [])
        {
            size += Encoding.UTF8.GetByteCount(name) + Encoding.UTF8.GetByteCount(value?.DataType ?? "")
                + Encoding.UTF8.GetByteCount(value?.StringValue ?? "") + (value?.BinaryValue?.Length ?? 0);
        }

        return size;
    }

    public static List<KeyValuePair<string, string>> Encode(PublishInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var form = new List<KeyValuePair<string, string>>();
        Add(form, "TopicArn", input.TopicArn);
        Add(form, "TargetArn", input.TargetArn);
        Add(form, "PhoneNumber", input.PhoneNumber);
        Add(form, "Message", input.Message);
        Add(form, "Subject", input.Subject);
        Add(form, "MessageStructure", input.MessageStructure);
        var index = 0;
        foreach (var (name, value) in input.MessageAttributes ?? [])
        {
            ArgumentNullException.ThrowIfNull(value, nameof(input));
            var prefix = $"MessageAttributes.entry.{++index}";
            Add(form, $"{prefix}.Name", name);
            Add(form, $"{prefix}.Value.DataType", value.DataType);
            Add(form, $"{prefix}.Value.StringValue", value.StringValue);
            Add(form, $"{prefix}.Value.BinaryValue", value.BinaryValue is null ? null : Convert.ToBase64String(value.BinaryValue));
        }

        Add(form, "MessageDeduplicationId", input.MessageDeduplicationId);
        Add(form, "MessageGroupId", input.MessageGroupId);
        return form;
    }

    private static void Add(List<KeyValuePair<string, string>> form, string key, string? value)
    {
        if (value is not null)
        {
            form.Add(new(key, value));
        }
    }
}
