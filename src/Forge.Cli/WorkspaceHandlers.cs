using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Forge.Cli;

/// <summary>The workspace commands: list, show, the actions, keep-alive, dotfiles sync, open.</summary>
internal sealed partial class Handlers
{
    public async Task<int> ListAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var status = parse.GetValue<string?>("--status");
        var all = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var query = "api/v1/workspaces?limit=200" + (status is null ? "" : "&status=" + Uri.EscapeDataString(status))
                + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor));
            var page = await client.GetAsync<WorkspacePage>(query, cancellationToken);
            all.AddRange(page.Workspaces);
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        if (Json(parse))
        {
            await Output.WriteJsonAsync(context, all);
            return ExitCodes.Ok;
        }

        if (all.Count == 0)
        {
            Line(status is null ? "No workspaces." : $"No {status} workspaces.");
            return ExitCodes.Ok;
        }

        var table = Output.NewTable("ID", "STATUS", "BLUEPRINT", "OS", "REGION", "OWNER", "KEEP-ALIVE", "REQUESTED");
        foreach (var w in all.Select(CliJson.Read<Workspace>))
        {
            table.Row(w.Id.ToString(), w.Status, w.Blueprint, w.OperatingSystem, w.Region.Name, w.Owner, w.KeepAlive ? "on" : "off", Output.Time(w.RequestedAt));
        }

        Output.Write(context, table);
        return ExitCodes.Ok;
    }

    public async Task<int> ShowAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var json = await client.GetAsync($"api/v1/workspaces/{Id(parse)}", cancellationToken);
        if (Json(parse))
        {
            await Output.WriteJsonAsync(context, json);
            return ExitCodes.Ok;
        }

        var w = CliJson.Read<Workspace>(json);
        var details = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in new (string, string?)[]
        {
            ("ID", w.Id.ToString()), ("Status", w.Status), ("Error", w.Error), ("Owner", w.Owner),
            ("Blueprint", $"{w.Blueprint} on {w.OperatingSystem} ({w.Bundle})"), ("Region", $"{w.Region.Name} ({w.Region.Reason})"),
            ("Keep-alive", w.KeepAlive ? "on" : "off"), ("Path", w.ProvisioningPathText), ("Cloud", w.CloudWorkspaceId is null ? null : $"{w.CloudWorkspaceId} ({w.CloudState})"),
            ("Requested", Output.Time(w.RequestedAt)), ("Ready", w.ReadyAt is null ? null : Output.Time(w.ReadyAt)),
            ("Failed", w.FailedAt is null ? null : Output.Time(w.FailedAt)), ("Terminated", w.TerminatedAt is null ? null : Output.Time(w.TerminatedAt)),
        }.Where(d => d.Item2 is not null))
        {
            details.AddRow(new Text(label + ":"), new Text(value!));
        }

        Output.Write(context, details);
        WriteConnection(w);
        if (w.Steps.Count > 0)
        {
            Line("");
            var steps = Output.NewTable("#", "STEP", "STATUS", "ATTEMPTS", "STARTED", "COMPLETED", "LAST ERROR");
            foreach (var s in w.Steps)
            {
                steps.Row(s.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Name, s.Status,
                    s.Attempts.ToString(System.Globalization.CultureInfo.InvariantCulture), Output.Time(s.StartedAt), Output.Time(s.CompletedAt), s.LastError);
            }

            Output.Write(context, steps);
        }

        return ExitCodes.Ok;
    }

    /// <summary>The connection details, once there is a registration code.</summary>
    private void WriteConnection(Workspace w)
    {
        var c = w.Connection;
        if (c.RegistrationCode is null)
        {
            return;
        }

        Line("");
        Line("Connection:");
        Line($"  Registration code:  {c.RegistrationCode}");
        Line($"  Client link:        {c.ClientUri}");
        Line($"  Web client:         {c.WebAccessUrl}");
        Line($"  User name:          {c.DirectoryUser}" + (w.FromPool ? $" (the password: 'forge sign-in {w.Id}')" : ""));
        if (c.ComputerName is not null)
        {
            Line($"  Computer:           {c.ComputerName} ({c.IpAddress ?? "no address yet"})");
        }
    }

    public async Task<int> TransitionAsync(string action, ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var id = Id(parse);
        var answer = await client.SendAsync(action == "terminate" ? HttpMethod.Delete : HttpMethod.Post,
            action == "terminate" ? $"api/v1/workspaces/{id}" : $"api/v1/workspaces/{id}/{action}", null, cancellationToken);
        var w = CliJson.Read<Workspace>(answer!.Value);
        Line($"Workspace {w.Id} is {w.Status}.");
        return ExitCodes.Ok;
    }

    public async Task<int> TerminateAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        Confirm(parse, $"Terminate workspace {Id(parse)}? Its WorkSpace is deleted (your user volume is kept).", "terminate");
        return await TransitionAsync("terminate", parse, cancellationToken);
    }

    public async Task<int> KeepAliveAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var enabled = parse.GetValue<string>("STATE") == "on";
        var answer = await client.SendAsync(HttpMethod.Put, $"api/v1/workspaces/{Id(parse)}/keep-alive", new KeepAliveRequest(enabled), cancellationToken);
        var w = CliJson.Read<Workspace>(answer!.Value);
        Line($"Workspace {w.Id}: keep-alive {(w.KeepAlive ? "on" : "off")}.");
        return ExitCodes.Ok;
    }

    public async Task<int> DotfilesSyncAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var answer = await client.SendAsync(HttpMethod.Post, $"api/v1/workspaces/{Id(parse)}/dotfiles/sync", null, cancellationToken);
        var sync = CliJson.Read<DotfileSyncAccepted>(answer!.Value);
        Line($"Dotfiles sync requested for workspace {sync.WorkspaceId} ({sync.Direction}: {string.Join(", ", sync.Patterns)}); "
            + "'forge show' lists its step when done.");
        return ExitCodes.Ok;
    }

    public async Task<int> OpenAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        using var client = await ClientAsync(parse, cancellationToken);
        var w = await client.GetAsync<Workspace>($"api/v1/workspaces/{Id(parse)}", cancellationToken);
        if (w.Connection is not { WebAccessUrl: { } web, RegistrationCode: { } code })
        {
            throw new CliException(ExitCodes.Failed, $"workspace {w.Id} has no web client link yet (it is {w.Status})");
        }

        Line(web);
        Line($"Enter the registration code {code}, then sign in as {w.Connection.DirectoryUser}.");
        return ExitCodes.Ok;
    }
}
