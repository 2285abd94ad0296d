using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Ssm;

/// <summary>
/// <c>GET /_localcloud/ssm/commands[?region=]</c>: every SendCommand with the parameters it carried,
/// so tests can assert what Forge asked machines to do, and that no secret value travelled that way.
/// </summary>
public static class SsmControlApi
{
    public static IEndpointRouteBuilder MapLocalSsmControl(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Control.ControlApi.Prefix + "/ssm/commands", (string? region, LocalSsm ssm) =>
        {
            var commands = new JsonArray([.. ssm.SentCommands(region).Select(c => (JsonNode)new JsonObject
            {
                ["region"] = c.Region,
                ["commandId"] = c.CommandId,
                ["documentName"] = c.DocumentName,
                ["documentVersion"] = c.DocumentVersion,
                ["instanceIds"] = new JsonArray([.. c.InstanceIds.Select(i => (JsonNode)i)]),
                ["parameters"] = new JsonObject(c.Parameters.Select(p =>
                    KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)v)])))),
                ["comment"] = c.Comment,
                ["requestedDateTime"] = c.RequestedDateTime,
            })]);
            return Results.Text(new JsonObject { ["commands"] = commands }.ToJsonString(), "application/json");
        });
        return endpoints;
    }
}
