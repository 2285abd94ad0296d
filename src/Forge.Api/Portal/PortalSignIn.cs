using Forge.Api.Auth;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;

namespace Forge.Api.Portal;

/// <summary>
/// Signing in and out of the portal. With an OIDC authority: the authorization code flow with PKCE
/// (<see cref="PortalAuth.OidcScheme"/>), whose access token becomes the session. In local mode: the development
/// sign-in, which takes a token from <c>POST /api/v1/dev/tokens</c> for the identity picked on the form; its endpoint
/// is mapped only when development tokens are on, like the API's.
/// </summary>
public static partial class PortalSignIn
{
    public const string DevelopmentPath = "/sign-in/development";
    public const string OidcPath = "/sign-in/oidc";

    public static IEndpointRouteBuilder MapPortalSignIn(this IEndpointRouteBuilder app)
    {
        var auth = app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value;
        if (auth.DevTokens.Enabled)
        {
            // Its form fields make the antiforgery token required (UseAntiforgery checks it).
            app.MapPost(DevelopmentPath, DevelopmentAsync).ExcludeFromDescription();
        }
        else if (PortalServiceCollectionExtensions.OidcConfigured(app.ServiceProvider.GetRequiredService<IConfiguration>()))
        {
            app.MapGet(OidcPath, (string? returnUrl) => TypedResults.Challenge(
                new AuthenticationProperties { RedirectUri = PortalAuth.LocalUrl(returnUrl) }, [PortalAuth.OidcScheme])).ExcludeFromDescription();
        }

        // No form fields to bind, so the antiforgery middleware's verdict is checked here: another site cannot sign anyone out.
        // It takes the session (the token is bound to the user it was made for, on a page of the session).
        app.MapPost("/sign-out", async Task<IResult> (HttpContext http) =>
        {
            if (http.Features.Get<IAntiforgeryValidationFeature>() is not { IsValid: true })
            {
                return TypedResults.BadRequest();
            }

            await http.SignOutAsync(PortalAuth.CookieScheme);
            return TypedResults.LocalRedirect("/sign-in");
        }).RequireAuthorization(PortalAuth.Policy).WithMetadata(new RequireAntiforgeryTokenAttribute()).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DevelopmentAsync(HttpContext http, IFormCollection form, PortalApi api, IOptions<AuthOptions> auth, CancellationToken ct)
    {
        var roles = form["role"].Where(r => !string.IsNullOrEmpty(r)).Select(r => r!).ToList();
        var returnUrl = form["returnUrl"].ToString();
        var request = new DevTokenRequest(form["user"].ToString().Trim(),
            [.. form["teams"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
            roles.Count > 0 ? roles : null, null);
        var minted = await api.DevTokenAsync(request, ct);
        var (session, refusal) = minted.Value is { } token ? await PortalAuth.ValidateAsync(http, token.Token, auth.Value) : (null, null);
        if (session is null)
        {
            if (refusal is not null)
            {
                LogRefused(Logger(http), refusal.Reason);
            }

            PortalNotice.Set(http, new PortalNotice(true, minted.Problem?.Message ?? "Forge did not accept the development token."));
            return TypedResults.LocalRedirect("/sign-in?returnUrl=" + Uri.EscapeDataString(PortalAuth.LocalUrl(returnUrl)));
        }

        await http.SignInAsync(PortalAuth.CookieScheme, session.Principal, PortalAuth.Properties(session, minted.Value!.Token));
        return TypedResults.LocalRedirect(PortalAuth.LocalUrl(returnUrl));
    }

    /// <summary>The OIDC sign-in ends here: the authority's access token must be one Forge's API accepts, and becomes the session.</summary>
    internal static async Task OnTokenValidatedAsync(TokenValidatedContext context)
    {
        var auth = context.HttpContext.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
        var token = context.TokenEndpointResponse?.AccessToken;
        var (session, refusal) = token is null ? (null, new PortalAuth.Refusal("the authority gave no access token")) : await PortalAuth.ValidateAsync(context.HttpContext, token, auth);
        if (session is null)
        {
            LogRefused(Logger(context.HttpContext), refusal!.Reason);
            context.Fail("The authority's access token is not one Forge's API accepts (audience, type, issuer or lifetime).");
            return;
        }

        context.Principal = session.Principal;
        context.Properties!.ExpiresUtc = session.ExpiresAt;
        context.Properties.IsPersistent = false;
        context.Properties.AllowRefresh = false;
    }

    private static ILogger Logger(HttpContext http) => http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(PortalSignIn));

    [LoggerMessage(EventId = 7001, Level = LogLevel.Warning, Message = "Portal sign-in refused: Forge's bearer scheme does not accept the token ({Reason})")]
    private static partial void LogRefused(ILogger logger, string reason);
}
