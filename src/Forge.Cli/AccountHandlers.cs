using System.CommandLine;

namespace Forge.Cli;

/// <summary>What belongs to the signed-in user beyond workspaces: user volumes and the secrets their workstations receive.</summary>
internal sealed partial class Handlers
{
    public async Task<int> VolumesAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var page = await client.GetAsync<VolumePage>("api/v1/volumes", cancellationToken);
        if (Json(parse))
        {
            await Output.WriteJsonAsync(context, page.Volumes);
            return ExitCodes.Ok;
        }

        if (page.Volumes.Count == 0)
        {
            Line("No user volumes.");
            return ExitCodes.Ok;
        }

        var table = Output.NewTable("ID", "OWNER", "REGION", "LIFECYCLE", "MOUNTED INTO", "PATH", "CREATED", "LAST ERROR");
        foreach (var v in page.Volumes.Select(CliJson.Read<Volume>))
        {
            table.Row(v.Id.ToString(), v.Owner, v.Region, v.Lifecycle, v.MountedWorkspaceId?.ToString(), v.JunctionPath, Output.Time(v.CreatedAt), v.LastError);
        }

        Output.Write(context, table);
        return ExitCodes.Ok;
    }

    public async Task<int> DeleteVolumeAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var id = Id(parse);
        Confirm(parse, $"Delete user volume {id} and every file on it? (FSx keeps a final backup.)", "volumes delete");
        using var client = await ClientAsync(parse, cancellationToken);
        await client.SendAsync(HttpMethod.Delete, $"api/v1/volumes/{id}?confirm={id}", null, cancellationToken);
        Line($"User volume {id} deleted.");
        return ExitCodes.Ok;
    }

    public async Task<int> SecretsAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var region = parse.GetValue<string?>("--region");
        var json = await client.GetAsync("api/v1/secrets" + (region is null ? "" : "?region=" + Uri.EscapeDataString(region)), cancellationToken);
        if (Json(parse))
        {
            await Output.WriteJsonAsync(context, json);
            return ExitCodes.Ok;
        }

        var list = CliJson.Read<SecretList>(json);
        Line($"Secrets your workstations in {list.Region} receive (values are never shown):");
        if (list.Secrets.Count == 0)
        {
            Line("  none");
        }
        else
        {
            var table = Output.NewTable("VARIABLE", "SECRET", "SCOPE");
            foreach (var s in list.Secrets.OrderBy(s => s.EnvironmentName, StringComparer.Ordinal))
            {
                table.Row(s.EnvironmentName, s.SecretName, s.Scope);
            }

            Output.Write(context, table);
        }

        if (list.Refused.Count > 0)
        {
            Line("");
            Line("Left out (their variable names break Forge's rule):");
            var refused = Output.NewTable("VARIABLE", "SECRET", "SCOPE", "REASON");
            foreach (var r in list.Refused.OrderBy(r => r.SecretName, StringComparer.Ordinal))
            {
                refused.Row(r.EnvironmentName, r.SecretName, r.Scope, r.Reason);
            }

            Output.Write(context, refused);
        }

        return ExitCodes.Ok;
    }
}
