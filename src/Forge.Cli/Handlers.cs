using System.CommandLine;
using System.Text.Json;
using Spectre.Console;

namespace Forge.Cli;

/// <summary>What each command does; one method per command, over the API.</summary>
internal sealed partial class Handlers(CliContext context, Option<string?> serverOption)
{
    private Uri Server(ParseResult parse) => Session.Server(context, parse.GetValue(serverOption));

    private Task<ForgeClient> ClientAsync(ParseResult parse, CancellationToken cancellationToken) =>
        Session.SignedInAsync(context, Server(parse), cancellationToken);

    private static bool Json(ParseResult parse) => parse.GetValue<string>("--output") == Output.Json;

    private static Guid Id(ParseResult parse) => parse.GetValue<Guid>("ID");

    // Plain lines go straight out, never through Spectre, which would wrap them at the console width and
    // break a link in two; only the live progress of create --wait goes through it (see CreateAsync).
    private void Line(string text) => context.Out.WriteLine(text);

    public async Task<int> LoginAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = Server(parse);
        using var anonymous = Session.Anonymous(context, server);
        var config = await anonymous.GetAsync<AuthConfig>("api/v1/auth/config", cancellationToken);
        var user = parse.GetValue<string?>("--user");
        var teams = parse.GetValue<string[]>("--team") ?? [];
        var roles = parse.GetValue<string[]>("--role") ?? [];
        CachedToken token;
        string who;
        if (config.IsDevelopment)
        {
            user ??= context.Environment("USER") is { Length: > 0 } name ? name
                : throw new CliException(ExitCodes.Usage, "user: say who to sign in as with --user (no $USER to default to)");
            roles = roles.Length > 0 ? roles : ["developer"];
            var minted = await anonymous.SendAsync(HttpMethod.Post, "api/v1/dev/tokens", new DevTokenRequest(user, [.. teams], [.. roles]), cancellationToken);
            var access = CliJson.Read<DevTokenResponse>(minted!.Value).Token;
            token = new CachedToken(TokenCache.Normalize(server), access, Session.ExpiryOf(access));
            who = $" as {user} (teams: {(teams.Length > 0 ? string.Join(", ", teams) : "none")}; roles: {string.Join(", ", roles)}) with a development token";
        }
        else
        {
            if (user is not null || teams.Length > 0 || roles.Length > 0)
            {
                throw new CliException(ExitCodes.Usage,
                    $"--user, --team and --role are for local-mode servers; {TokenCache.Normalize(server)} signs in at {config.Authority}");
            }

            token = await DeviceLogin.LoginAsync(context, server, config, cancellationToken);
            who = $" through {config.Authority}";
        }

        new TokenCache(context.ConfigDirectory).Write(token);
        Line($"Signed in to {token.Server}{who}.");
        return ExitCodes.Ok;
    }

    public Task<int> LogoutAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var server = Server(parse);
        Line(new TokenCache(context.ConfigDirectory).Delete(server)
            ? $"Signed out of {TokenCache.Normalize(server)}."
            : $"Not signed in to {TokenCache.Normalize(server)}.");
        return Task.FromResult(ExitCodes.Ok);
    }

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
            ("Keep-alive", w.KeepAlive ? "on" : "off"), ("Cloud", w.CloudWorkspaceId is null ? null : $"{w.CloudWorkspaceId} ({w.CloudState})"),
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
        Line($"  User name:          {c.DirectoryUser}");
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

    /// <summary>
    /// Asks before a destructive command unless <c>--yes</c>. Without a terminal nobody can answer, so that is a
    /// usage error rather than a silent yes or no.
    /// </summary>
    private void Confirm(ParseResult parse, string question, string command)
    {
        if (parse.GetValue<bool>("--yes"))
        {
            return;
        }

        if (!context.Interactive)
        {
            throw new CliException(ExitCodes.Usage, $"{command} needs --yes when there is no terminal to confirm at");
        }

        if (!context.Console.Confirm(question, defaultValue: false))
        {
            throw new CliException(ExitCodes.Failed, "not confirmed; nothing done");
        }
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
