using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Sns;

/// <summary>One message attribute as SNS received it; binary values stay base64.</summary>
public sealed record StoredMessageAttributeValue(string DataType, string? StringValue, string? BinaryValue);

/// <summary>
/// Reads <c>MessageAttributes.entry.N.Name</c> / <c>.Value.DataType</c> / <c>.Value.StringValue</c> /
/// <c>.Value.BinaryValue</c> and checks them as SNS does (answering <c>ParameterValueInvalid</c>): non-empty
/// names, types and values, type prefixes String, Number and Binary, numbers that parse, base64 that decodes.
/// </summary>
public static partial class MessageAttributesReader
{
    public const int MaxAttributes = 10;

    public static Dictionary<string, StoredMessageAttributeValue> Read(IReadOnlyDictionary<string, string> parameters)
    {
        var attributes = new Dictionary<string, StoredMessageAttributeValue>(StringComparer.Ordinal);
        var indexes = AwsQueryForm.Indexes(parameters, "MessageAttributes.entry");
        if (indexes.Count > MaxAttributes)
        {
            throw SnsErrors.InvalidParameterValue($"Number of message attributes [{indexes.Count}] exceeds the allowed maximum [{MaxAttributes}].");
        }

        foreach (var index in indexes)
        {
            var prefix = $"MessageAttributes.entry.{index}";
            var name = parameters.GetValueOrDefault($"{prefix}.Name");
            if (string.IsNullOrEmpty(name))
            {
                throw SnsErrors.InvalidParameterValue("The message attribute name must not be empty.");
            }

            if (!ValidName(name))
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute name '{name}' is invalid: use letters, digits, '_', '-' and '.', not starting with 'AWS.' or 'Amazon.'.");
            }

            if (attributes.ContainsKey(name))
            {
                throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' is specified more than once.");
            }

            attributes[name] = ReadValue(name, parameters.GetValueOrDefault($"{prefix}.Value.DataType"),
                parameters.GetValueOrDefault($"{prefix}.Value.StringValue"), parameters.GetValueOrDefault($"{prefix}.Value.BinaryValue"));
        }

        return attributes;
    }

    private static StoredMessageAttributeValue ReadValue(string name, string? type, string? text, string? binary)
    {
        if (string.IsNullOrEmpty(type))
        {
            throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute type.");
        }

        var baseType = type.Split('.')[0];
        if (baseType is not ("String" or "Number" or "Binary") || type.EndsWith('.'))
        {
            throw SnsErrors.InvalidParameterValue(
                $"The message attribute '{name}' has an invalid message attribute type, the set of supported type prefixes is Binary, Number, and String.");
        }

        if (baseType == "Binary")
        {
            return string.IsNullOrEmpty(binary) || !IsBase64(binary)
                ? throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{type}'.")
                : new StoredMessageAttributeValue(type, null, binary);
        }

        if (string.IsNullOrEmpty(text))
        {
            throw SnsErrors.InvalidParameterValue($"The message attribute '{name}' must contain non-empty message attribute value for message attribute type '{type}'.");
        }

        if (baseType == "Number" && !decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
        {
            throw SnsErrors.InvalidParameterValue($"Could not cast message attribute '{name}' value to number.");
        }

        if (type == "String.Array" && !IsStringArray(text))
        {
            throw SnsErrors.InvalidParameterValue(
                $"The message attribute '{name}' with type 'String.Array' must be a JSON array of strings, numbers, booleans or nulls.");
        }

        return new StoredMessageAttributeValue(type, text, null);
    }

    private static bool ValidName(string name) =>
        name.Length <= 256 && AttributeName().IsMatch(name) && !name.StartsWith('.') && !name.EndsWith('.')
        && !name.Contains("..", StringComparison.Ordinal)
        && !name.StartsWith("AWS.", StringComparison.OrdinalIgnoreCase) && !name.StartsWith("Amazon.", StringComparison.OrdinalIgnoreCase);

    private static bool IsBase64(string text) => Convert.TryFromBase64String(text, new byte[text.Length], out _);

    private static bool IsStringArray(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Array
                && document.RootElement.EnumerateArray().All(e => e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array));
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();
}
