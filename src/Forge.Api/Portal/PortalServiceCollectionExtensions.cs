using Forge.Api.Auth;
using Forge.Api.Portal.Components;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace Forge.Api.Portal;

public static class PortalServiceCollectionExtensions
{
    /// <summary>
    /// The web portal: Razor components rendered on the server (static rendering: a page holds no state between
    /// requests, so any replica serves any request), its cookie session, the OIDC sign-in when
    /// <see cref="PortalOptions.ClientId"/> is set, and its client of the REST API.
    /// </summary>
    public static IServiceCollection AddForgePortal(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PortalOptions>().BindConfiguration(PortalOptions.SectionName).ValidateOnStart();
        services.AddRazorComponents();
        services.AddHttpContextAccessor();
        services.AddHttpClient(PortalApi.HttpClientName);
        services.AddSingleton<PortalApiAddress>();
        services.AddScoped<PortalApi>();
        var authentication = services.AddAuthentication().AddCookie(PortalAuth.CookieScheme, cookie =>
        {
            cookie.Cookie.Name = "forge.session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/sign-in";
            cookie.AccessDeniedPath = "/forbidden";
            cookie.ReturnUrlParameter = "returnUrl";
            // A session lasts as long as its access token (set at sign-in), never longer.
            cookie.SlidingExpiration = false;
        });
        if (OidcConfigured(configuration))
        {
            authentication.AddOpenIdConnect(PortalAuth.OidcScheme, _ => { });
            services.AddOptions<OpenIdConnectOptions>(PortalAuth.OidcScheme)
                .Configure<IOptions<AuthOptions>, IOptions<PortalOptions>>((oidc, auth, portal) => ConfigureOidc(oidc, auth.Value, portal.Value));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(PortalAuth.Policy, p => p.AddAuthenticationSchemes(PortalAuth.CookieScheme).RequireAuthenticatedUser())
            .AddPolicy(PortalAuth.TeamLeadPolicy, p => p.AddAuthenticationSchemes(PortalAuth.CookieScheme).RequireRole(Roles.TeamLead, Roles.Admin))
            .AddPolicy(PortalAuth.AdminPolicy, p => p.AddAuthenticationSchemes(PortalAuth.CookieScheme).RequireRole(Roles.Admin));
        return services;
    }

    /// <summary>
    /// The portal at <c>/</c>: its pages, sign-in, form posts, live progress stream and assets. Forms are checked
    /// against forgery (the antiforgery middleware only acts on endpoints that take forms: the API's JSON endpoints
    /// are untouched), and pages forbid framing and any script or style but their own.
    /// </summary>
    public static WebApplication MapForgePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAntiforgery();
        app.Use((context, next) =>
        {
            if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            {
                var headers = context.Response.Headers;
                headers.ContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                    + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "same-origin";
            }

            return next(context);
        });
        app.MapPortalAssets();
        app.MapPortalSignIn();
        app.MapPortalActions();
        app.MapRazorComponents<App>();
        return app;
    }

    /// <summary>Whether the portal signs in at the OIDC authority: dev tokens off and <c>Portal:ClientId</c> set.</summary>
    internal static bool OidcConfigured(IConfiguration configuration) =>
        !configuration.GetValue<bool>($"{AuthOptions.SectionName}:DevTokens:Enabled")
        && !string.IsNullOrWhiteSpace(configuration[$"{PortalOptions.SectionName}:{nameof(PortalOptions.ClientId)}"]);

    // The authorization code flow with PKCE; the response comes back as a top-level GET (query), so the session and
    // correlation cookies can stay SameSite=Lax and are Secure whenever Forge is served over HTTPS.
    private static void ConfigureOidc(OpenIdConnectOptions oidc, AuthOptions auth, PortalOptions portal)
    {
        oidc.Authority = auth.Authority;
        oidc.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        oidc.ClientId = portal.ClientId;
        oidc.ClientSecret = portal.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.ResponseMode = OpenIdConnectResponseMode.Query;
        oidc.UsePkce = true;
        oidc.SaveTokens = true;
        oidc.MapInboundClaims = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.SignInScheme = PortalAuth.CookieScheme;
        oidc.Scope.Clear();
        oidc.Scope.Add("openid");
        foreach (var scope in portal.Scopes ?? [])
        {
            oidc.Scope.Add(scope);
        }

        foreach (var cookie in new[] { oidc.CorrelationCookie, oidc.NonceCookie })
        {
            cookie.SameSite = SameSiteMode.Lax;
            cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        }

        oidc.Events.OnTokenValidated = PortalSignIn.OnTokenValidatedAsync;
    }
}
