using System.Security.Claims;
using Forge.Api.Auth;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;

namespace Forge.Api.Portal;

/// <summary>
/// The portal's session: a cookie holding the user's Forge access token, whose principal is exactly that token's
/// claims as Forge's own JWT bearer scheme validated them. The API itself never accepts the cookie: it keeps taking
/// bearer tokens only, and the portal calls it with the token from the cookie.
/// </summary>
public static class PortalAuth
{
    public const string CookieScheme = "ForgePortal";
    public const string OidcScheme = "ForgePortalOidc";
    public const string Policy = "ForgePortal";
    public const string TeamLeadPolicy = "ForgePortalTeamLead";
    public const string AdminPolicy = "ForgePortalAdmin";
    public const string AccessTokenName = "access_token";

    /// <summary>A token Forge accepts, as the principal and expiry of a portal session.</summary>
    public sealed record Session(ClaimsPrincipal Principal, DateTimeOffset ExpiresAt);

    /// <summary>A token the bearer scheme refused, and why (the scheme's failure message; never the token).</summary>
    public sealed record Refusal(string Reason);

    /// <summary>
    /// Runs <paramref name="accessToken"/> through Forge's JWT bearer scheme (issuer, audience, <c>typ</c>, lifetime on
    /// Forge's clock, and the identity refresh it does for every API call), as if it came on an API request; null when
    /// that scheme refuses it. The one way a portal session begins.
    /// </summary>
    public static async Task<(Session? Session, Refusal? Refusal)> ValidateAsync(HttpContext http, string accessToken, AuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(auth);
        // A scope of its own: the handler provider keeps one handler per scheme per scope, bound to the request it first saw.
        await using var scope = http.RequestServices.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        probe.Request.Headers.Authorization = "Bearer " + accessToken;
        var result = await probe.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            return (null, new Refusal(result.Failure?.Message ?? "no token"));
        }

        if (ForgeUser.From(result.Principal, auth) is null)
        {
            return (null, new Refusal($"the token names no user ({auth.UserIdClaim})"));
        }

        var expires = new JsonWebToken(accessToken).ValidTo;
        var identity = new ClaimsIdentity(result.Principal.Claims, CookieScheme, auth.UserIdClaim, auth.RolesClaim);
        return (new Session(new ClaimsPrincipal(identity), new DateTimeOffset(expires, TimeSpan.Zero)), null);
    }

    /// <summary>The properties of a session cookie that ends when its token does and carries the token for API calls.</summary>
    public static AuthenticationProperties Properties(Session session, string accessToken, string? returnUrl = null)
    {
        ArgumentNullException.ThrowIfNull(session);
        var properties = new AuthenticationProperties { ExpiresUtc = session.ExpiresAt, IsPersistent = false, AllowRefresh = false, RedirectUri = returnUrl };
        properties.StoreTokens([new AuthenticationToken { Name = AccessTokenName, Value = accessToken }]);
        return properties;
    }

    /// <summary>A return address on this site only: anything else (another host, a scheme, <c>//</c>, <c>/\</c>) becomes <c>/</c>.</summary>
    public static string LocalUrl(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) && !url.Any(char.IsControl) ? url : "/";
}
