using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>The tags of one WorkSpaces resource, in the order they were first set.</summary>
internal sealed class TagSet
{
    public const int MaxTags = 50;
    public const int MaxKeyLength = 127;
    public const int MaxValueLength = 255;

    private readonly List<KeyValuePair<string, string>> _tags = [];

    public int Count => _tags.Count;

    /// <summary>
    /// Parses a TagList: key 1..127, value 0..255 characters, no <c>aws:</c> prefix. WorkSpaces allows
    /// one character less than most services.
    /// </summary>
    public static List<KeyValuePair<string, string>> Parse(JsonArray tags)
    {
        var parsed = new List<KeyValuePair<string, string>>();
        foreach (var tag in WorkSpacesInput.Objects(tags, "Tags"))
        {
            var key = WorkSpacesInput.RequiredString(tag, "Key");
            var value = WorkSpacesInput.String(tag, "Value") ?? "";
            if (key.Length is 0 or > MaxKeyLength)
            {
                throw WorkSpacesInput.Invalid($"The tag key '{key}' must be 1 to {MaxKeyLength} characters long.");
            }

            if (value.Length > MaxValueLength)
            {
                throw WorkSpacesInput.Invalid($"The value of tag '{key}' must be at most {MaxValueLength} characters long.");
            }

            if (key.StartsWith("aws:", StringComparison.OrdinalIgnoreCase))
            {
                throw WorkSpacesInput.Invalid($"The tag key '{key}' uses the reserved prefix 'aws:'.");
            }

            parsed.Add(new(key, value));
        }

        return parsed;
    }

    /// <summary>How many tags the set would hold after <paramref name="tags"/> were applied.</summary>
    public int CountAfter(IEnumerable<KeyValuePair<string, string>> tags) =>
        _tags.Select(t => t.Key).Union(tags.Select(t => t.Key), StringComparer.Ordinal).Count();

    /// <summary>Adds or overwrites; refuses with ResourceLimitExceededException past 50 tags.</summary>
    public void Apply(IReadOnlyCollection<KeyValuePair<string, string>> tags)
    {
        if (CountAfter(tags) > MaxTags)
        {
            throw new LocalCloudException(WorkSpacesInput.ResourceLimitExceeded,
                $"A resource can have at most {MaxTags} tags.");
        }

        foreach (var tag in tags)
        {
            var index = _tags.FindIndex(t => t.Key == tag.Key);
            if (index >= 0)
            {
                _tags[index] = tag;
            }
            else
            {
                _tags.Add(tag);
            }
        }
    }

    public void Remove(IEnumerable<string> keys)
    {
        var remove = keys.ToHashSet(StringComparer.Ordinal);
        _tags.RemoveAll(t => remove.Contains(t.Key));
    }

    public JsonArray Render() =>
        [.. _tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })];
}
