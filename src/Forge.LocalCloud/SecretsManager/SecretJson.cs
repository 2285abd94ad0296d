using System.Text.Json.Nodes;

namespace Forge.LocalCloud.SecretsManager;

/// <summary>Renders secrets as the model's output structures; members without a value are omitted.</summary>
internal static class SecretJson
{
    public static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];

    public static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000d;

    /// <summary>DescribeSecretResponse (<paramref name="stagesMember"/> VersionIdsToStages) or SecretListEntry (SecretVersionsToStages).</summary>
    public static JsonObject Metadata(SecretRecord secret, string stagesMember)
    {
        var output = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name };
        Add(output, "Description", secret.Description);
        Add(output, "KmsKeyId", secret.KmsKeyId);
        if (secret.RotationEnabled is { } enabled)
        {
            output["RotationEnabled"] = enabled;
        }

        Add(output, "RotationLambdaARN", secret.RotationLambdaArn);
        if (secret.RotationRules is { } rules)
        {
            output["RotationRules"] = Rules(rules);
        }

        AddDate(output, "LastRotatedDate", secret.LastRotatedDate);
        AddDate(output, "LastChangedDate", secret.LastChangedDate);
        AddDate(output, "LastAccessedDate", secret.LastAccessedDate);
        AddDate(output, "NextRotationDate", secret.NextRotationDate);
        AddDate(output, "DeletedDate", secret.DeletedDate);
        if (secret.Tags.Count > 0)
        {
            output["Tags"] = new JsonArray([.. secret.Tags.Select(t => (JsonNode)new JsonObject { ["Key"] = t.Key, ["Value"] = t.Value })]);
        }

        output[stagesMember] = new JsonObject(secret.Labelled.Select(v => KeyValuePair.Create(v.VersionId, (JsonNode?)Strings(v.Stages))));
        output["CreatedDate"] = Epoch(secret.CreatedDate);
        return output;
    }

    /// <summary>GetSecretValueResponse / SecretValueEntry. The only place a value leaves the store.</summary>
    public static JsonObject Value(SecretRecord secret, SecretVersion version)
    {
        var output = new JsonObject { ["ARN"] = secret.Arn, ["Name"] = secret.Name, ["VersionId"] = version.VersionId };
        if (version.SecretBinary is { } binary)
        {
            output["SecretBinary"] = Convert.ToBase64String(binary);
        }

        Add(output, "SecretString", version.SecretString);
        output["VersionStages"] = Strings(version.Stages);
        output["CreatedDate"] = Epoch(version.CreatedDate);
        return output;
    }

    public static JsonObject Rules(RotationRules rules)
    {
        var output = new JsonObject();
        if (rules.AutomaticallyAfterDays is { } days)
        {
            output["AutomaticallyAfterDays"] = days;
        }

        Add(output, "Duration", rules.Duration);
        Add(output, "ScheduleExpression", rules.ScheduleExpression);
        return output;
    }

    private static void Add(JsonObject output, string member, string? value)
    {
        if (value is not null)
        {
            output[member] = value;
        }
    }

    private static void AddDate(JsonObject output, string member, DateTimeOffset? value)
    {
        if (value is { } time)
        {
            output[member] = Epoch(time);
        }
    }
}
