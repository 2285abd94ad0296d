using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// Reads WorkSpaces inputs the way the service does: a member of the wrong JSON type is a
/// <c>SerializationException</c>, a value outside the model's constraints an
/// <c>InvalidParameterValuesException</c>.
/// </summary>
internal static partial class WorkSpacesInput
{
    public const string InvalidParameterValues = "InvalidParameterValuesException";
    public const string ResourceNotFound = "ResourceNotFoundException";
    public const string InvalidResourceState = "InvalidResourceStateException";
    public const string OperationInProgress = "OperationInProgressException";
    public const string OperationNotSupported = "OperationNotSupportedException";
    public const string ResourceLimitExceeded = "ResourceLimitExceededException";
    public const string InvalidParameterCombination = "InvalidParameterCombinationException";

    public static LocalCloudException Invalid(string message) => new(InvalidParameterValues, message);

    public static LocalCloudException NotFound(string message) => new(ResourceNotFound, message);

    public static string? String(JsonObject input, string name)
    {
        var node = input[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.String
            ? node.GetValue<string>()
            : throw Serialization(name, "a string");
    }

    public static string RequiredString(JsonObject input, string name) =>
        String(input, name) ?? throw Invalid($"1 validation error detected: Value null at '{name}' failed to satisfy constraint: Member must not be null");

    public static int? Int(JsonObject input, string name)
    {
        var node = input[name];
        if (node is null)
        {
            return null;
        }

        return node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value)
            ? value
            : throw Serialization(name, "an integer");
    }

    public static bool? Bool(JsonObject input, string name)
    {
        var node = input[name];
        return node?.GetValueKind() switch
        {
            null => null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Serialization(name, "a boolean"),
        };
    }

    public static JsonObject? Object(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonObject value => value,
        _ => throw Serialization(name, "a structure"),
    };

    public static JsonArray? Array(JsonObject input, string name) => input[name] switch
    {
        null => null,
        JsonArray value => value,
        _ => throw Serialization(name, "a list"),
    };

    /// <summary>A list of strings whose length must lie in <paramref name="min"/>..<paramref name="max"/> when present.</summary>
    public static List<string>? StringList(JsonObject input, string name, int min, int max)
    {
        if (Array(input, name) is not { } array)
        {
            return null;
        }

        CheckCount(name, array.Count, min, max);
        return [.. array.Select(item => item?.GetValueKind() == JsonValueKind.String ? item.GetValue<string>() : throw Serialization(name, "a list of strings"))];
    }

    /// <summary>The structures of a list, each checked to be an object.</summary>
    public static List<JsonObject> Objects(JsonArray array, string name) =>
        [.. array.Select(item => item as JsonObject ?? throw Serialization(name, "a list of structures"))];

    public static void CheckCount(string name, int count, int min, int max)
    {
        if (count < min || count > max)
        {
            throw Invalid($"The number of items in {name} must be between {min} and {max}; it is {count}.");
        }
    }

    public static string? Enum(JsonObject input, string name, params string[] allowed)
    {
        var value = String(input, name);
        return value is null || allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw Invalid($"Value '{value}' at '{name}' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", allowed)}]");
    }

    public static void CheckWorkspaceId(string id, string member = "WorkspaceId")
    {
        if (!WorkspaceIdPattern().IsMatch(id))
        {
            throw Invalid($"The WorkSpace ID '{id}' at '{member}' is not valid: it must match ^ws-[0-9a-z]{{8,63}}$.");
        }
    }

    public static bool IsWorkspaceId(string id) => WorkspaceIdPattern().IsMatch(id);

    public static bool IsDirectoryId(string id) => id.Length is >= 10 and <= 65 && DirectoryIdPattern().IsMatch(id);

    public static bool IsBundleId(string id) => BundleIdPattern().IsMatch(id);

    public static bool IsWorkspaceName(string name) => WorkspaceNamePattern().IsMatch(name);

    public static bool IsSecurityGroupId(string id) => SecurityGroupPattern().IsMatch(id);

    public static bool IsArn(string arn) => ArnPattern().IsMatch(arn);

    private static LocalCloudException Serialization(string name, string expected) =>
        new("SerializationException", $"Member '{name}' must be {expected}.");

    [GeneratedRegex("^ws-[0-9a-z]{8,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkspaceIdPattern();

    [GeneratedRegex("^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)", RegexOptions.CultureInvariant)]
    private static partial Regex DirectoryIdPattern();

    [GeneratedRegex("^wsb-[0-9a-z]{8,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex BundleIdPattern();

    [GeneratedRegex("^[a-zA-Z0-9_()][a-zA-Z0-9_.()-]{1,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex WorkspaceNamePattern();

    [GeneratedRegex("^(sg-([0-9a-f]{8}|[0-9a-f]{17}))$", RegexOptions.CultureInvariant)]
    private static partial Regex SecurityGroupPattern();

    [GeneratedRegex(@"^arn:aws[a-z-]{0,7}:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();
}
