using System.Security.Cryptography;
using Forge.Api.Persistence;
using Forge.Api.Platform;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forge.Api.Auth;

/// <summary>
/// The key dev tokens are signed with: the configured one (shared by replicas), else one kept in the
/// data directory (<c>dev-token-key</c>, readable by Forge's user only) so tokens survive a restart.
/// </summary>
public sealed class DevTokenKey(IOptions<AuthOptions> options, IOptions<PersistenceOptions> persistence, IHostEnvironment environment)
{
    public const string FileName = "dev-token-key";

    private readonly Lazy<SymmetricSecurityKey> _key = new(() => new SymmetricSecurityKey(
        options.Value.DevTokens.SigningKey is { Length: > 0 } configured ? Convert.FromBase64String(configured)
        : options.Value.DevTokens.Enabled ? Stored(Path.Combine(Path.GetFullPath(persistence.Value.DataDirectory, environment.ContentRootPath), FileName))
        : RandomNumberGenerator.GetBytes(32)));

    public SymmetricSecurityKey Key => _key.Value;

    // Written whole under another name and moved in place, so a replica starting at the same moment
    // either wins the move or reads the winner's complete file.
    private static byte[] Stored(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var scratch = $"{path}.{Guid.NewGuid():N}";
            var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
            if (!OperatingSystem.IsWindows())
            {
                create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }

            using (var writer = new StreamWriter(scratch, create))
            {
                writer.Write(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            }

            try
            {
                File.Move(scratch, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(scratch);
            }
        }

        try
        {
            var key = Convert.FromBase64String(File.ReadAllText(path).Trim());
            return key.Length >= 32 ? key : throw new FormatException("shorter than 32 bytes");
        }
        catch (FormatException e)
        {
            throw new InvalidOperationException($"The dev-token key file {path} is not a base64 key of at least 32 bytes ({e.Message}); delete it to make a new one.", e);
        }
    }
}

public sealed record DevTokenRequest(string User, List<string>? Teams, List<string>? Roles, string? DirectoryUser, string? Email = null);

public sealed record DevTokenResponse(string Token);

/// <summary><c>POST /api/v1/dev/tokens</c>: mints a token for any identity. Mapped only when dev tokens are on.</summary>
public static class DevTokensApi
{
    public static IEndpointRouteBuilder MapDevTokensApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.ServiceProvider.GetRequiredService<IOptions<AuthOptions>>().Value.DevTokens.Enabled)
        {
            app.MapPost("/api/v1/dev/tokens", MintAsync).WithTags("Development").AllowAnonymous()
                .Accepts<DevTokenRequest>("application/json");
        }

        return app;
    }

    private static async Task<Results<Ok<DevTokenResponse>, ProblemHttpResult>> MintAsync(
        HttpRequest http, DevTokenKey key, IOptions<AuthOptions> options, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<DevTokenRequest>(http, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrWhiteSpace(request!.User))
        {
            return Problems.Unprocessable("user", "A user id is required.");
        }

        if ((request.Roles ?? []).Except(Roles.All).Any())
        {
            return Problems.Unprocessable("roles", $"Roles are any of: {string.Join(", ", Roles.All)}.");
        }

        if ((request.Teams ?? []).Any(string.IsNullOrEmpty))
        {
            return Problems.Unprocessable("teams", "A team is a non-empty name.");
        }

        if (request.Email is { } email && ForgeUser.PlainAddress(email) is null)
        {
            return Problems.Unprocessable("email", "Give one plain e-mail address (name@example.com).");
        }

        var auth = options.Value;
        var now = timeProvider.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            [auth.UserIdClaim] = request.User,
            // Arrays, even of one: each element is one team or role, exactly as given.
            [auth.TeamsClaim] = (request.Teams ?? []).ToArray(),
            [auth.RolesClaim] = (request.Roles is { Count: > 0 } roles ? roles : [Roles.Developer]).ToArray(),
        };
        if (!string.IsNullOrWhiteSpace(request.DirectoryUser))
        {
            claims[auth.DirectoryUserClaim] = request.DirectoryUser;
        }

        if (request.Email is not null)
        {
            claims[auth.EmailClaim] = request.Email;
        }

        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevTokenOptions.Issuer,
            Audience = auth.Audience,
            TokenType = auth.AccessTokenType,
            Claims = claims,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + auth.DevTokens.Lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(key.Key, SecurityAlgorithms.HmacSha256),
        });
        return TypedResults.Ok(new DevTokenResponse(token));
    }
}
