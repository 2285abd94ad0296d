using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forge.Api.Security;

/// <summary>The key dev tokens are signed with: configured (shared by replicas) or generated at start.</summary>
public sealed class DevTokenKey(IOptions<AuthOptions> options)
{
    public SymmetricSecurityKey Key { get; } = new(options.Value.DevTokens.SigningKey is { Length: > 0 } configured
        ? Convert.FromBase64String(configured)
        : RandomNumberGenerator.GetBytes(32));
}

public sealed record DevTokenRequest(string User, List<string>? Teams, List<string>? Roles, string? DirectoryUser);

public sealed record DevTokenResponse(string Token);

/// <summary><c>POST /api/v1/dev/tokens</c>: mints a token for any identity. Mapped only when dev tokens are on.</summary>
public static class DevTokensApi
{
    public static IEndpointRouteBuilder MapDevTokensApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens.Enabled)
        {
            app.MapPost("/api/v1/dev/tokens", MintAsync).WithTags("Development").AllowAnonymous().Accepts<DevTokenRequest>("application/json");
        }

        return app;
    }

    // Read like every other body (Platform/JsonBody): the same size limit, and an unknown member or a broken
    // body is a 400 problem naming it, before anything is minted.
    private static async Task<Results<Ok<DevTokenResponse>, ProblemHttpResult>> MintAsync(
        HttpRequest http, DevTokenKey key, IOptions<AuthOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await Platform.JsonBody.ReadAsync<DevTokenRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var unknownRoles = (request!.Roles ?? []).Except(Roles.All).ToList();
        if (string.IsNullOrWhiteSpace(request.User) || unknownRoles.Count > 0)
        {
            return TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [string.IsNullOrWhiteSpace(request.User) ? "user" : "roles"] =
                    [$"A user id is required; roles are any of: {string.Join(", ", Roles.All)}."],
            }) { Status = StatusCodes.Status422UnprocessableEntity });
        }

        var auth = options.Value;
        var now = timeProvider.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [auth.UserIdClaim] = request.User,
            [auth.TeamsClaim] = (request.Teams ?? []).ToArray(),
            [auth.RolesClaim] = (request.Roles is { Count: > 0 } roles ? roles : [Roles.Developer]).ToArray(),
        };
        if (!string.IsNullOrWhiteSpace(request.DirectoryUser))
        {
            claims[auth.DirectoryUserClaim] = request.DirectoryUser;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevTokenOptions.Issuer,
            Audience = auth.Audience,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + auth.DevTokens.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token));
    }
}
