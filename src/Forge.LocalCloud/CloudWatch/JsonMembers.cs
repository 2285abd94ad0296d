using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.CloudWatch;

/// <summary>
/// Typed reads of one member of an input structure, whichever protocol built the tree: numbers arrive as JSON
/// numbers, as Query strings or as the strings "NaN"/"Infinity" that JSON and CBOR use for special values;
/// timestamps as epoch seconds (JSON, CBOR) or ISO 8601 (Query). A wrong type is InvalidParameterValue.
/// </summary>
public static class JsonMembers
{
    public static string? ReadString(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent[member] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            var other => throw CloudWatchErrors.Invalid(other.ToJsonString(), path),
        };
    }

    public static double? ReadDouble(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var node = parent[member];
        return node is null ? null : ReadAsDouble(node, path);
    }

    public static double ReadAsDouble(JsonNode node, string path)
    {
        ArgumentNullException.ThrowIfNull(node);
        var text = node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : node is JsonValue number && number.GetValueKind() == JsonValueKind.Number ? number.ToJsonString() : null;
        return text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw CloudWatchErrors.Invalid(text ?? node.ToJsonString(), path);
    }

    public static int? ReadInt(JsonObject parent, string member, string path)
    {
        var number = ReadDouble(parent, member, path);
        return number is null ? null
            : number is >= int.MinValue and <= int.MaxValue && Math.Floor(number.Value) == number.Value ? (int)number.Value
            : throw CloudWatchErrors.Invalid(number.Value.ToString(CultureInfo.InvariantCulture), path);
    }

    public static bool? ReadBool(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent[member] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
            JsonValue value when value.GetValueKind() == JsonValueKind.String && bool.TryParse(value.GetValue<string>(), out var parsed) => parsed,
            var other => throw CloudWatchErrors.Invalid(other.ToJsonString(), path),
        };
    }

    public static DateTimeOffset? ReadTimestamp(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var node = parent[member];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetValue<string>(), CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
        {
            return iso;
        }

        var seconds = ReadAsDouble(node, path);
        return double.IsFinite(seconds) && Math.Abs(seconds) < 253_402_300_799d
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
            : throw CloudWatchErrors.Invalid(node.ToJsonString(), path);
    }

    /// <summary>A list member; absent or null is null, anything but a list is invalid.</summary>
    public static JsonArray? ReadArray(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent[member] switch
        {
            null => null,
            JsonArray array => array,
            // Query sends an empty list as "Member=" (an empty leaf).
            JsonValue value when value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0 => [],
            var other => throw CloudWatchErrors.Invalid(other.ToJsonString(), path),
        };
    }

    public static JsonObject? ReadObject(JsonObject parent, string member, string path)
    {
        ArgumentNullException.ThrowIfNull(parent);
        return parent[member] switch
        {
            null => null,
            JsonObject structure => structure,
            var other => throw CloudWatchErrors.Invalid(other.ToJsonString(), path),
        };
    }

    /// <summary>A string-to-string map.</summary>
    public static Dictionary<string, string>? ReadStringMap(JsonObject parent, string member, string path)
    {
        var map = ReadObject(parent, member, path);
        return map?.ToDictionary(p => p.Key, p => ReadString(map, p.Key, $"{path}.{p.Key}") ?? "", StringComparer.Ordinal);
    }
}
