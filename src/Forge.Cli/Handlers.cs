using System.CommandLine;
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
}
