using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Forge.Api.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>
    /// JWT bearer authentication: against the configured OIDC issuer, or, in local mode, against
    /// Forge's own dev-token key. Token lifetimes are checked on <see cref="TimeProvider"/>.
    /// </summary>
    public static IServiceCollection AddForgeSecurity(this IServiceCollection services)
    {
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<DevTokenKey>();
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>, DevTokenKey, TimeProvider>((jwt, auth, key, time) => Configure(jwt, auth.Value, key, time));
        services.AddAuthorization();
        return services;
    }

    private static void Configure(JwtBearerOptions jwt, AuthOptions auth, DevTokenKey key, TimeProvider time)
    {
        jwt.MapInboundClaims = false;
        jwt.RequireHttpsMetadata = auth.RequireHttpsMetadata;
        var parameters = new TokenValidationParameters
        {
            NameClaimType = auth.UserIdClaim,
            RoleClaimType = auth.RolesClaim,
            ValidAudience = auth.Audience,
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
