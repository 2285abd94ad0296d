using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws.Fsx;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

/// <summary>
/// Reads members of an FSx request safely: a member of the wrong JSON type is a SerializationException
/// (what AWS answers for an undeserializable body), a value breaking the model's constraints a BadRequest.
/// </summary>
internal static partial class FsxInput
{
    public static LocalCloudException BadRequest(string message) => new(FsxErrorCodes.BadRequest, message);

    public static string? String(JsonObject input, string name, string path)
    {
        var node = input[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.String
            ? value.GetValue<string>()
            : throw WrongType(path, "a string");
    }

    public static bool? Boolean(JsonObject input, string name, string path)
    {
        var node = input[name];
        return node switch
        {
            null => null,
            JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
            _ => throw WrongType(path, "a boolean"),
        };
    }

    public static long? Long(JsonObject input, string name, string path)
    {
        var node = input[name];
        if (node is null)
        {
            return null;
        }

        return node is JsonValue value && value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number)
            ? number
            : throw WrongType(path, "an integer");
    }

    public static JsonObject? Object(JsonObject input, string name, string path) => input[name] switch
    {
        null => null,
        JsonObject o => o,
        _ => throw WrongType(path, "a structure"),
    };

    public static List<JsonNode?>? Array(JsonObject input, string name, string path) => input[name] switch
    {
        null => null,
        JsonArray a => [.. a],
        _ => throw WrongType(path, "a list"),
    };

    /// <summary>A list of strings, each checked against <paramref name="pattern"/> when given.</summary>
    public static List<string>? Strings(JsonObject input, string name, string path, int max, Regex? pattern = null)
    {
        var items = Array(input, name, path);
        if (items is null)
        {
            return null;
        }

        if (items.Count > max)
        {
            throw BadRequest($"{path} must contain at most {max} items; it has {items.Count}.");
        }

        var result = new List<string>(items.Count);
        foreach (var item in items)
        {
            if (item is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                throw WrongType(path, "a list of strings");
            }

            var text = value.GetValue<string>();
            if (pattern is not null && !pattern.IsMatch(text))
            {
                throw BadRequest($"Value '{text}' at '{path}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}");
            }

            result.Add(text);
        }

        return result;
    }

    /// <summary>MaxResults: at least 1; the page never exceeds <paramref name="serviceMax"/>.</summary>
    public static int PageSize(JsonObject input, int serviceMax)
    {
        var requested = Long(input, "MaxResults", "MaxResults");
        if (requested is < 1 or > int.MaxValue)
        {
            throw BadRequest("MaxResults must be an integer greater than zero.");
        }

        return (int)Math.Min(requested ?? serviceMax, serviceMax);
    }

    public static void RequireEnum(string? value, string path, params string[] allowed)
    {
        if (value is not null && !allowed.Contains(value, StringComparer.Ordinal))
        {
            throw BadRequest($"Value '{value}' at '{path}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
        }
    }

    public static void RequireLength(string? value, string path, int min, int max)
    {
        if (value is not null && (value.Length < min || value.Length > max))
        {
            throw BadRequest($"Value at '{path}' failed to satisfy constraint: Member must have length between {min} and {max}.");
        }
    }

    [GeneratedRegex("^fsvol-[0-9a-f]{17}$")]
    public static partial Regex VolumeId();

    [GeneratedRegex("^svm-[0-9a-f]{17}$")]
    public static partial Regex StorageVirtualMachineId();

    [GeneratedRegex("^fs-[0-9a-f]{8,}$")]
    public static partial Regex FileSystemId();

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,63}$")]
    public static partial Regex ClientRequestToken();

    private static LocalCloudException WrongType(string path, string expected) =>
        new("SerializationException", $"Value at '{path}' must be {expected}.");
}
