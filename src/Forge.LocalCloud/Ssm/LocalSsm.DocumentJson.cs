using System.Globalization;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Ssm;

public sealed partial class LocalSsm
{
    /// <summary>DocumentDescription of one version. Documents become Active at once here.</summary>
    private static JsonObject Describe(SsmDocument document, SsmDocumentVersion version)
    {
        var parsed = version.Parsed;
        var output = new JsonObject
        {
            ["Sha1"] = "",
            ["Hash"] = version.Hash,
            ["HashType"] = "Sha256",
            ["Name"] = document.Name,
            ["Owner"] = document.Owner,
            ["CreatedDate"] = version.CreatedDate.ToUnixTimeMilliseconds() / 1000d,
            ["Status"] = "Active",
            ["DocumentVersion"] = Number(version.Number),
            ["Parameters"] = new JsonArray([.. parsed.Parameters.Select(p => (JsonNode)Parameter(p))]),
            ["PlatformTypes"] = new JsonArray([.. parsed.PlatformTypes.Select(p => (JsonNode)p)]),
            ["DocumentType"] = document.DocumentType,
            ["SchemaVersion"] = parsed.SchemaVersion,
            ["LatestVersion"] = Number(document.Latest.Number),
            ["DefaultVersion"] = Number(document.DefaultVersion),
            ["DocumentFormat"] = version.Format,
            ["Tags"] = new JsonArray([.. document.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]),
        };
        Add(output, "Description", parsed.Description);
        Add(output, "VersionName", version.VersionName);
        Add(output, "DisplayName", version.DisplayName);
        Add(output, "TargetType", document.TargetType);
        return output;
    }

    private static JsonObject Parameter(SsmDocumentParameter parameter)
    {
        var output = new JsonObject { ["Name"] = parameter.Name, ["Type"] = parameter.Type };
        Add(output, "Description", parameter.Description);
        Add(output, "DefaultValue", parameter.DefaultValue);
        return output;
    }

    private static string Number(int version) => version.ToString(CultureInfo.InvariantCulture);

    private static void Add(JsonObject output, string member, string? value)
    {
        if (value is not null)
        {
            output[member] = value;
        }
    }
}
