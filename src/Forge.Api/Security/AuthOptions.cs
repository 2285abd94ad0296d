using Forge.Aws;
using Microsoft.Extensions.Options;

namespace Forge.Api.Security;

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

    /// <summary>Allowed difference between token times and the clock. Default 1 minute.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public DevTokenOptions DevTokens { get; set; } = new();
}

/// <summary>Local mode only: Forge mints its own tokens (<c>POST /api/v1/dev/tokens</c>).</summary>
public sealed class DevTokenOptions
{
    public const string Issuer = "forge-dev";

    public bool Enabled { get; set; }

    /// <summary>Base64 HMAC key shared by replicas; unset, each process generates its own at start.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a minted token is valid. Default 12 hours.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(12);
}

public static class Roles
{
    public const string Developer = "developer";
    public const string TeamLead = "team-lead";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Developer, TeamLead, Admin];
}

/// <summary>Refuses to start with dev tokens against real AWS, or without any way to validate tokens.</summary>
internal sealed class AuthOptionsValidator(IOptions<AwsOptions> aws) : IValidateOptions<AuthOptions>
{
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        if (options.DevTokens.Enabled && aws.Value.ServiceUrl is null)
        {
            return ValidateOptionsResult.Fail(
                "Auth:DevTokens:Enabled is for the local cloud only; with no Aws:ServiceUrl Forge talks to real AWS and refuses to mint tokens.");
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
