using System.Text;
using System.Text.Json;

namespace Forge.Cli;

/// <summary>Which server a command talks to and with which token.</summary>
public static class Session
{
    public const string DefaultServer = "http://127.0.0.1:5080";

    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(30);

    /// <summary><c>--server</c>, else <c>FORGE_SERVER</c>, else the local default.</summary>
    public static Uri Server(CliContext context, string? option)
    {
        ArgumentNullException.ThrowIfNull(context);
        var text = option is { Length: > 0 } ? option : context.Environment("FORGE_SERVER") is { Length: > 0 } env ? env : DefaultServer;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var server) || server.Scheme is not ("http" or "https"))
        {
            throw new CliException(ExitCodes.Usage, $"server: '{text}' is not an http or https address (--server or FORGE_SERVER)");
        }

        return new Uri(TokenCache.Normalize(server) + "/");
    }

    public static ForgeClient Anonymous(CliContext context, Uri server) => new(context.Handler(), server, null);

    /// <summary>A client carrying the cached token, renewed first when it has expired and can be; exit 3 when there is none.</summary>
    public static async Task<ForgeClient> SignedInAsync(CliContext context, Uri server, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cache = new TokenCache(context.ConfigDirectory);
        var token = cache.Read(server)
            ?? throw new CliException(ExitCodes.Auth, $"not signed in to {TokenCache.Normalize(server)}: run 'forge login'");
        // Renewed a little before it expires, so it does not run out while a request is on its way.
        if (token.ExpiresAt is { } expires && expires - RenewBefore <= context.Time.GetUtcNow())
        {
            if (token is not { RefreshToken: { } refresh, TokenEndpoint: { } endpoint, ClientId: { } clientId })
            {
                throw new CliException(ExitCodes.Auth, $"your sign-in to {token.Server} expired: run 'forge login'");
            }

            token = await DeviceLogin.RefreshAsync(context, token, new Uri(endpoint), clientId, refresh, cancellationToken);
            cache.Write(token);
        }

        return new ForgeClient(context.Handler(), server, token.AccessToken);
    }

    /// <summary>The <c>exp</c> of a JWT, read without validating it (the server validates; this only says when to renew).</summary>
    public static DateTimeOffset? ExpiryOf(string accessToken)
    {
        ArgumentNullException.ThrowIfNull(accessToken);
        var parts = accessToken.Split('.');
        if (parts.Length != 3)
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var claims = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return claims.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}
