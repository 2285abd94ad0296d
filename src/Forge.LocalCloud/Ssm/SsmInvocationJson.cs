using System.Globalization;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Ssm;

/// <summary>GetCommandInvocationResult. Execution times are strings in this API, not timestamps.</summary>
internal static class SsmInvocationJson
{
    public static JsonObject Render(SsmCommand command, SsmInvocation invocation)
    {
        var record = command.Record;
        var finished = invocation.IsTerminal && invocation.Result is not null;
        return new JsonObject
        {
            ["CommandId"] = record.CommandId,
            ["InstanceId"] = invocation.InstanceId,
            ["Comment"] = record.Comment ?? "",
            ["DocumentName"] = record.DocumentName,
            ["DocumentVersion"] = record.DocumentVersion,
            ["PluginName"] = command.PluginName,
            ["ResponseCode"] = invocation.ResponseCode,
            ["ExecutionStartDateTime"] = Time(invocation.StartedAt),
            ["ExecutionElapsedTime"] = invocation is { StartedAt: { } start, EndedAt: { } end }
                ? string.Create(CultureInfo.InvariantCulture, $"PT{(end - start).TotalSeconds:0.###}S")
                : "",
            ["ExecutionEndDateTime"] = invocation.StartedAt is null ? "" : Time(invocation.EndedAt),
            ["Status"] = invocation.Status,
            ["StatusDetails"] = invocation.StatusDetails,
            // Output appears once the invocation has finished, as on AWS.
            ["StandardOutputContent"] = finished ? invocation.Result!.StandardOutput : "",
            ["StandardOutputUrl"] = "",
            ["StandardErrorContent"] = finished ? invocation.Result!.StandardError : "",
            ["StandardErrorUrl"] = "",
            ["CloudWatchOutputConfig"] = new JsonObject { ["CloudWatchLogGroupName"] = "", ["CloudWatchOutputEnabled"] = false },
        };
    }

    private static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";
}
