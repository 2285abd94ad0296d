using System.Text.Json.Nodes;
using Forge.LocalCloud.SecretsManager;

namespace Forge.LocalCloud.Ssm;

/// <summary>The Command structure SendCommand answers: the inputs echoed, with the defaults AWS fills in.</summary>
internal static class SsmCommandJson
{
    public static JsonObject Echo(JsonInput request, SsmCommandRecord record, string? requestedVersion, int timeout)
    {
        var echo = new JsonObject
        {
            ["CommandId"] = record.CommandId,
            ["DocumentName"] = record.DocumentName,
            ["DocumentVersion"] = requestedVersion ?? "$DEFAULT",
            ["Comment"] = record.Comment ?? "",
            ["ExpiresAfter"] = Epoch(record.RequestedDateTime.AddSeconds(timeout)),
            ["Parameters"] = new JsonObject(record.Parameters.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)v)])))),
            ["InstanceIds"] = new JsonArray([.. record.InstanceIds.Select(i => (JsonNode)i)]),
            ["Targets"] = request.Array("Targets")?.DeepClone() ?? new JsonArray(),
            ["RequestedDateTime"] = Epoch(record.RequestedDateTime),
            ["Status"] = "Pending",
            ["StatusDetails"] = "Pending",
            ["OutputS3Region"] = request.String("OutputS3Region") ?? "",
            ["OutputS3BucketName"] = request.String("OutputS3BucketName") ?? "",
            ["OutputS3KeyPrefix"] = request.String("OutputS3KeyPrefix") ?? "",
            ["MaxConcurrency"] = request.String("MaxConcurrency") ?? "50",
            ["MaxErrors"] = request.String("MaxErrors") ?? "0",
            ["TargetCount"] = record.InstanceIds.Count,
            ["CompletedCount"] = 0,
            ["ErrorCount"] = 0,
            ["DeliveryTimedOutCount"] = 0,
            ["ServiceRole"] = request.String("ServiceRoleArn") ?? "",
            ["TimeoutSeconds"] = timeout,
        };
        echo["CloudWatchOutputConfig"] = request.Object("CloudWatchOutputConfig")?.DeepClone()
            ?? new JsonObject { ["CloudWatchLogGroupName"] = "", ["CloudWatchOutputEnabled"] = false };
        return echo;
    }

    internal static double Epoch(DateTimeOffset time) => time.ToUnixTimeMilliseconds() / 1000d;
}
