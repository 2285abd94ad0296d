using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Auth;

/// <summary>
/// What a client needs to sign in. <see cref="Mode"/> is <c>development</c> when Forge mints its own tokens
/// (<c>POST /api/v1/dev/tokens</c>; no authority is advertised then, because Forge accepts only its own tokens)
/// or <c>oidc</c>: sign in at <see cref="Authority"/> as the public client <see cref="ClientId"/> (null when no
/// CLI client is configured) asking for <see cref="Scopes"/>, for tokens carrying <see cref="Audience"/>.
/// </summary>
public sealed record AuthConfigView(string Mode, string? Authority, string? ClientId, string Audience, List<string> Scopes);

/// <summary><c>GET /api/v1/auth/config</c>: anonymous, since a client asks it before it has any token.</summary>
public static class AuthConfigApi
{
    public const string DevelopmentMode = "development";
    public const string OidcMode = "oidc";

    public static IEndpointRouteBuilder MapAuthConfigApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/auth/config", Get).WithTags("Auth").AllowAnonymous()
            .WithDescription("How to sign in: development tokens, or the OIDC authority, client id, audience and scopes for the command line.");
        return app;
    }

    private static Ok<AuthConfigView> Get(IOptions<AuthOptions> options)
    {
        var auth = options.Value;
        return TypedResults.Ok(auth.DevTokens.Enabled
            ? new AuthConfigView(DevelopmentMode, null, null, auth.Audience, [])
            : new AuthConfigView(OidcMode, auth.Authority, auth.CliClientId, auth.Audience, [.. auth.CliScopes is { Count: > 0 } scopes ? scopes : AuthDefaults.CliScopes]));
    }
}
