using Forge.Api.Platform;
using Forge.Aws;
using Microsoft.Extensions.Options;

namespace Forge.Api.Auth;

/// <summary>How callers are authenticated (section <c>Auth</c>).</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The OIDC issuer whose tokens Forge accepts (its discovery document gives the keys). Required unless dev tokens are on.</summary>
    public string? Authority { get; set; }

    /// <summary>The audience tokens must carry. Default <c>forge</c>.</summary>
    public string Audience { get; set; } = "forge";

    /// <summary>Whether the authority's metadata must come over HTTPS. Default true.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The claim holding the Forge user id. Default <c>sub</c>.</summary>
    public string UserIdClaim { get; set; } = "sub";

    /// <summary>The claim (repeated or a JSON array) holding the user's teams. Default <c>teams</c>.</summary>
    public string TeamsClaim { get; set; } = "teams";

    /// <summary>The claim holding roles: <c>developer</c>, <c>team-lead</c>, <c>admin</c>. Default <c>roles</c>.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The claim naming the user's directory account (e.g. sAMAccountName) that WorkSpaces are built
    /// for. Default <c>directory_user</c>; absent, the user id is used.
    /// </summary>
    public string DirectoryUserClaim { get; set; } = "directory_user";

    /// <summary>The claim holding the user's e-mail address: where notices go when the user has stated none. Default <c>email</c>.</summary>
    public string EmailClaim { get; set; } = "email";

    /// <summary>Allowed difference between token times and the clock. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The <c>typ</c> header a token must carry: only access tokens are credentials for the API, not ID
    /// tokens that happen to name the audience. Default <c>at+jwt</c> (RFC 9068; <c>application/at+jwt</c>
    /// is the same type). Tokens Forge mints in local mode carry it too.
    /// </summary>
    public string AccessTokenType { get; set; } = AuthDefaults.AccessTokenType;

    /// <summary>
    /// How long a user's stored teams and roles (refreshed by each of their requests) keep granting
    /// team-lead visibility and team or role secrets on their workstations. Past it, with no request in
    /// between, their workstations keep only what is theirs by user id: least privilege. Default 7 days.
    /// </summary>
    public TimeSpan IdentityMaxAge { get; set; } = AuthDefaults.IdentityMaxAge;

    /// <summary>
    /// How often an unchanged identity is written again to keep it fresh; a change (a newer token with
    /// other teams or roles) is written at once. Keeps the identity view off the hot path. Default 1 minute.
    /// </summary>
    public TimeSpan IdentityRefreshInterval { get; set; } = AuthDefaults.IdentityRefreshInterval;

    /// <summary>
    /// The authority's client id of the <c>forge</c> command line (a public client allowed the device
    /// authorization grant, RFC 8628), advertised by <c>GET /api/v1/auth/config</c>. Unset, the command line
    /// cannot sign in against the authority.
    /// </summary>
    public string? CliClientId { get; set; }

    /// <summary>
    /// The scopes the command line asks for. Unset, <c>openid</c> and <c>offline_access</c> (a refresh token);
    /// an authority that issues the <see cref="Audience"/> only for a scope needs them all listed here. Null rather
    /// than a list default, because binding adds configured items to a default list instead of replacing it.
    /// </summary>
    public List<string>? CliScopes { get; set; }

    public DevTokenOptions DevTokens { get; set; } = new();
}

/// <summary>Local mode only: Forge mints its own tokens (<c>POST /api/v1/dev/tokens</c>).</summary>
public sealed class DevTokenOptions
{
    public const string Issuer = "forge-dev";

    public bool Enabled { get; set; }

    /// <summary>
    /// Base64 HMAC key shared by replicas; unset, Forge makes one and keeps it in the data directory
    /// (<c>Persistence:DataDirectory</c>/<c>dev-token-key</c>, mode 0600), so tokens survive a restart.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a minted token is valid. Default 12 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}

public static class AuthDefaults
{
    public const string AccessTokenType = "at+jwt";
    public static readonly TimeSpan IdentityMaxAge = TimeSpan.FromDays(7);
    public static readonly TimeSpan IdentityRefreshInterval = TimeSpan.FromMinutes(1);
    public static readonly IReadOnlyList<string> CliScopes = ["openid", "offline_access"];
}

public static class Roles
{
    public const string Developer = "developer";
    public const string TeamLead = "team-lead";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Developer, TeamLead, Admin];
}

/// <summary>
/// Refuses to start with dev tokens against real AWS or on an address beyond loopback (anyone who
/// reaches the port could mint an admin token), or without any way to validate tokens.
/// </summary>
internal sealed class AuthOptionsValidator(IOptions<AwsOptions> aws, IConfiguration configuration) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.DevTokens.Enabled && aws.Value.ServiceUrl is null)
        {
            return ValidateOptionsResult.Fail(
                "Auth:DevTokens:Enabled is for the local cloud only; with no Aws:ServiceUrl Forge talks to real AWS and refuses to mint tokens.");
        }

        if (options.DevTokens.Enabled && ListenAddresses.NonLoopback(configuration).FirstOrDefault() is { } exposed)
        {
            return ValidateOptionsResult.Fail(
                $"Auth:DevTokens:Enabled lets anyone who reaches Forge mint any identity, so Forge only mints them on loopback; " +
                $"{exposed.Setting} = {exposed.Address} listens beyond it. Bind to 127.0.0.1, [::1] or localhost, or turn dev tokens off.");
        }

        if (string.IsNullOrWhiteSpace(options.AccessTokenType))
        {
            return ValidateOptionsResult.Fail("Auth:AccessTokenType (the typ header of access tokens, e.g. at+jwt) is required.");
        }

        if (options.IdentityMaxAge <= TimeSpan.Zero || options.IdentityRefreshInterval <= TimeSpan.Zero
            || options.IdentityRefreshInterval >= options.IdentityMaxAge)
        {
            return ValidateOptionsResult.Fail("Auth:IdentityMaxAge and Auth:IdentityRefreshInterval must be positive, the interval shorter than the age.");
        }

        if (!options.DevTokens.Enabled && string.IsNullOrWhiteSpace(options.Authority))
        {
            return ValidateOptionsResult.Fail("Auth:Authority (the OIDC issuer) is required when dev tokens are off.");
        }

        return options.ClockSkew < TimeSpan.Zero || options.DevTokens.Lifetime <= TimeSpan.Zero
            ? ValidateOptionsResult.Fail("Auth:ClockSkew must not be negative and Auth:DevTokens:Lifetime must be positive.")
            : ValidateOptionsResult.Success;
    }
}
