using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

/// <summary>
/// Reads members of a JSON input structure with the model's types. A member of the wrong JSON type is
/// a <c>SerializationException</c>, as AWS answers; constraint failures use the code the caller passes.
/// </summary>
internal sealed class JsonInput(JsonObject input, string validationCode)
{
    public JsonObject Raw => input;

    public LocalCloudException Invalid(string message) => new(validationCode, message);

    public string? String(string member) => input[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        _ => throw Serialization(member, "a string"),
    };

    public string RequiredString(string member) =>
        String(member) ?? throw Invalid($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");

    /// <summary>A string member whose length must lie within the model's min/max.</summary>
    public string? String(string member, int min, int max)
    {
        var value = String(member);
        if (value is not null && (value.Length < min || value.Length > max))
        {
            throw Invalid($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length between {min} and {max}");
        }

        return value;
    }

    public long? Long(string member) => input[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<long>(out var number) => number,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var real)
            && Math.Abs(real - Math.Round(real)) < double.Epsilon => (long)real,
        _ => throw Serialization(member, "an integer"),
    };

    /// <summary>An integer member within the model's range.</summary>
    public int? Int(string member, int min, int max)
    {
        var value = Long(member);
        if (value is not null && (value < min || value > max))
        {
            throw Invalid($"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: Member must have value between {min} and {max}");
        }

        return (int?)value;
    }

    public bool? Bool(string member) => input[member] switch
    {
        null => null,
        JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False => value.GetValue<bool>(),
        _ => throw Serialization(member, "a boolean"),
    };

    public JsonObject? Object(string member) => input[member] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw Serialization(member, "a structure"),
    };

    public JsonInput? Structure(string member) => Object(member) is { } value ? new JsonInput(value, validationCode) : null;

    public JsonArray? Array(string member) => input[member] switch
    {
        null => null,
        JsonArray value => value,
        _ => throw Serialization(member, "a list"),
    };

    /// <summary>A list of strings, with the model's bounds on its length.</summary>
    public List<string>? Strings(string member, int min = 0, int max = int.MaxValue)
    {
        if (Array(member) is not { } array)
        {
            return null;
        }

        if (array.Count < min || array.Count > max)
        {
            throw Invalid($"1 validation error detected: Value at '{member}' failed to satisfy constraint: Member must have length between {min} and {max}");
        }

        return [.. array.Select(item => item is JsonValue v && v.GetValueKind() == JsonValueKind.String
            ? v.GetValue<string>()
            : throw Serialization(member, "a list of strings"))];
    }

    /// <summary>A list of structures.</summary>
    public List<JsonInput> Structures(string member) =>
        Array(member) is { } array
            ? [.. array.Select(item => item is JsonObject o ? new JsonInput(o, validationCode) : throw Serialization(member, "a list of structures"))]
            : [];

    private static LocalCloudException Serialization(string member, string expected) =>
        new("SerializationException", $"Member '{member}' must be {expected}.");
}
