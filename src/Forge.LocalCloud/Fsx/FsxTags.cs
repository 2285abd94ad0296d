using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Forge.LocalCloud.Fsx;

/// <summary>Tag lists as the FSx model constrains them: 1..50 tags, keys 1..128, values 0..256, one pattern.</summary>
internal static partial class FsxTags
{
    public const int MaxTags = 50;

    /// <summary>Validates and copies <c>Tags</c>; null when the member is absent.</summary>
    public static JsonArray? Read(JsonObject input, string name)
    {
        var items = FsxInput.Array(input, name, name);
        if (items is null)
        {
            return null;
        }

        if (items.Count is 0 or > MaxTags)
        {
            throw FsxInput.BadRequest($"{name} must contain between 1 and {MaxTags} tags; it has {items.Count}.");
        }

        var keys = new HashSet<string>(StringComparer.Ordinal);
        var tags = new JsonArray();
        foreach (var item in items)
        {
            var tag = item as JsonObject ?? throw new Protocol.LocalCloudException("SerializationException", $"Each item of {name} must be a Tag structure.");
            var key = FsxInput.String(tag, "Key", $"{name}.member.Key") ?? throw FsxInput.BadRequest("Tag Key is required.");
            var value = FsxInput.String(tag, "Value", $"{name}.member.Value") ?? throw FsxInput.BadRequest("Tag Value is required.");
            FsxInput.RequireLength(key, $"{name}.member.Key", 1, 128);
            FsxInput.RequireLength(value, $"{name}.member.Value", 0, 256);
            if (!TagText().IsMatch(key) || !TagText().IsMatch(value))
            {
                throw FsxInput.BadRequest($"Tag '{key}' contains characters that are not allowed in tags.");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw FsxInput.BadRequest("Tag keys starting with 'aws:' are reserved for AWS use.");
            }

            if (!keys.Add(key))
            {
                throw FsxInput.BadRequest($"Tag key '{key}' appears more than once.");
            }

            tags.Add(new JsonObject { ["Key"] = key, ["Value"] = value });
        }

        return tags;
    }

    public static JsonArray? Copy(JsonArray? tags) => tags?.DeepClone().AsArray();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$")]
    private static partial Regex TagText();
}
