using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forge.Api.Auth;

public static class AuthServiceCollectionExtensions
{
    /// <summary>
    /// JWT bearer authentication: against the configured OIDC issuer, or, in local mode, against
    /// Forge's own dev-token key. Access tokens only (<see cref="AuthOptions.AccessTokenType"/>); token
    /// lifetimes are checked on <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddForgeAuth(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<DevTokenKey>();
        services.AddSingleton<UserIdentityRecorder>();
        services.AddScoped<CurrentIdentities>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, DevTokenKey, TimeProvider, UserIdentityRecorder>((jwt, auth, key, time, identities) =>
                Configure(jwt, auth.Value, key, time, identities));
        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, DevTokenKey key, TimeProvider time, UserIdentityRecorder identities)
    {
        jwt.MapInboundClaims = false;
        // Every authenticated request refreshes the caller's stored teams and roles (cheaply; see the recorder).
        jwt.Events = new JwtBearerEvents
        {
            OnTokenValidated = async context =>
            {
                if (context.Principal is { } principal && ForgeUser.From(principal, auth) is { } user)
                {
                    var issuedAt = context.SecurityToken is JsonWebToken { IssuedAt: var iat } && iat > DateTime.MinValue
                        ? new DateTimeOffset(iat, TimeSpan.Zero)
                        : DateTimeOffset.UnixEpoch;
                    await identities.RecordAsync(user, issuedAt, context.HttpContext.RequestAborted);
                }
            },
        };
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        var parameters = new TokenValidationParameters
        {
            NameClaimType = auth.UserIdClaim,
            RoleClaimType = auth.RolesClaim,
            ValidAudience = auth.Audience,
            // Access tokens only (RFC 9068): an ID token for the same audience is not a credential for the API.
            ValidTypes = [auth.AccessTokenType, "application/" + auth.AccessTokenType],
            // The library compares with the wall clock; Forge's clock is TimeProvider, so tests can move it.
            LifetimeValidator = (notBefore, expires, _, _) =>
            {
                var now = time.GetUtcNow().UtcDateTime;
                return (notBefore is null || notBefore.Value <= now + auth.ClockSkew) && expires is not null && now - auth.ClockSkew < expires.Value;
            },
        };
        if (auth.DevTokens.Enabled)
        {
            parameters.ValidIssuer = DevTokenOptions.Issuer;
            parameters.IssuerSigningKey = key.Key;
        }
        else
        {
            jwt.Authority = auth.Authority;
            jwt.Audience = auth.Audience;
        }

        jwt.TokenValidationParameters = parameters;
    }
}
