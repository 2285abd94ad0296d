using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Ssm;

/// <summary>A parameter a document declares; one without a default is required.</summary>
public sealed record SsmDocumentParameter(
    string Name, string Type, string? Description, string? DefaultValue, bool Required,
    IReadOnlyList<string> AllowedValues, string? AllowedPattern);

/// <summary>What the local cloud understands of a document's content.</summary>
public sealed record SsmDocumentContent(
    string SchemaVersion, string? Description, IReadOnlyList<SsmDocumentParameter> Parameters,
    IReadOnlyList<string> PluginNames, IReadOnlyList<string> PlatformTypes)
{
    /// <summary>Documents are capped at 64 KB (MaxDocumentSizeExceeded).</summary>
    public const int MaxBytes = 64 * 1024;

    private static readonly string[] AllPlatforms = ["Windows", "Linux", "MacOS"];

    private static readonly HashSet<string> SchemaVersions = new(StringComparer.Ordinal) { "1.2", "2.0", "2.2" };

    private static readonly HashSet<string> ParameterTypes = new(StringComparer.Ordinal)
    {
        "String", "StringList", "Boolean", "Integer", "MapList", "StringMap",
    };

    public static string Hash(string content) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    /// <summary>
    /// Parses JSON content (schema 1.2 <c>runtimeConfig</c> or 2.x <c>mainSteps</c>). YAML is valid on
    /// AWS but the local cloud reads JSON only, and says so.
    /// </summary>
    public static SsmDocumentContent Parse(string content, string format)
    {
        if (Encoding.UTF8.GetByteCount(content) > MaxBytes)
        {
            throw new LocalCloudException("MaxDocumentSizeExceeded", "The content for the document exceeds the maximum size of 64 KB.");
        }

        if (format != "JSON")
        {
            throw new LocalCloudException("InvalidDocumentContent", $"The local cloud reads JSON document content only, not {format}.");
        }

        JsonObject root;
        try
        {
            root = JsonNode.Parse(content) as JsonObject ?? throw new LocalCloudException("InvalidDocumentContent", "The document content must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new LocalCloudException("InvalidDocumentContent", "JSON not well-formed.");
        }

        var schema = Text(root["schemaVersion"]);
        if (schema is null || !SchemaVersions.Contains(schema))
        {
            throw new LocalCloudException("InvalidDocumentSchemaVersion", $"Document schema version, {schema ?? "(none)"}, is not supported.");
        }

        var plugins = Plugins(root, schema);
        return new SsmDocumentContent(schema, Text(root["description"]), ParseParameters(root["parameters"]),
            [.. plugins.Select(p => p.Name)], Platforms(plugins.Select(p => p.Action)));
    }

    private static List<SsmDocumentParameter> ParseParameters(JsonNode? node)
    {
        if (node is null)
        {
            return [];
        }

        if (node is not JsonObject parameters)
        {
            throw new LocalCloudException("InvalidDocumentContent", "parameters must be an object.");
        }

        return [.. parameters.Select(p =>
        {
            var spec = p.Value as JsonObject;
            var type = Text(spec?["type"]);
            if (type is null || !ParameterTypes.Contains(type))
            {
                throw new LocalCloudException("InvalidDocumentContent", $"Parameter {p.Key} has no valid type.");
            }

            var fallback = spec!["default"];
            var allowed = spec["allowedValues"] as JsonArray;
            return new SsmDocumentParameter(p.Key, type == "StringList" ? "StringList" : "String", Text(spec["description"]),
                fallback is null ? null : Text(fallback) ?? fallback.ToJsonString(), fallback is null,
                [.. allowed?.Select(v => Text(v) ?? v?.ToJsonString() ?? "") ?? []], Text(spec["allowedPattern"]));
        })];
    }

    private static List<(string Name, string Action)> Plugins(JsonObject root, string schema)
    {
        var plugins = new List<(string, string)>();
        if (schema == "1.2" && root["runtimeConfig"] is JsonObject runtime)
        {
            plugins.AddRange(runtime.Select(p => (p.Key, p.Key)));
        }
        else if (root["mainSteps"] is JsonArray steps)
        {
            foreach (var step in steps.OfType<JsonObject>())
            {
                var action = Text(step["action"]) ?? throw new LocalCloudException("InvalidDocumentContent", "Every step needs an action.");
                plugins.Add((Text(step["name"]) ?? action, action));
            }
        }

        return plugins.Count > 0
            ? plugins
            : throw new LocalCloudException("InvalidDocumentContent", schema == "1.2" ? "runtimeConfig is required." : "mainSteps is required.");
    }

    private static List<string> Platforms(IEnumerable<string> actions)
    {
        var platforms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            platforms.UnionWith(action switch
            {
                "aws:runShellScript" => ["Linux", "MacOS"],
                "aws:runPowerShellScript" => ["Windows", "Linux"],
                _ => ["Windows", "Linux", "MacOS"],
            });
        }

        return [.. AllPlatforms.Where(platforms.Contains)];
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
