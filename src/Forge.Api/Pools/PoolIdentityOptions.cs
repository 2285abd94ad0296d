using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

/// <summary>
/// The directory users warm-pool workstations are built for (section <c>Pools:Identities</c>): how they are named,
/// which of a developer's directory groups a claim mirrors onto them, and where their credentials are kept.
/// </summary>
public sealed class PoolIdentityOptions
{
    public const string SectionName = "Pools:Identities";

    /// <summary>Names are this prefix and 12 random characters: a sAMAccountName is at most 20. Default <c>fp-</c>.</summary>
    public string NamePrefix { get; set; } = "fp-";

    /// <summary>
    /// The groups a claim may copy from the developer's own directory user (case-insensitive); a group outside this
    /// list is never mirrored, so a pool identity cannot become a domain admin. Default: Forge Developers, Forge Team Leads.
    /// </summary>
    public List<string> MirroredGroups { get; set; } = ["Forge Developers", "Forge Team Leads"];

    /// <summary>Secrets Manager name prefix of the credential secrets, one per identity. Default <c>forge/pool-identity/</c>.</summary>
    public string CredentialSecretPrefix { get; set; } = "forge/pool-identity/";
}

internal sealed class PoolIdentityOptionsValidator : IValidateOptions<PoolIdentityOptions>
{
    public ValidateOptionsResult Validate(string? name, PoolIdentityOptions options)
    {
        var failures = new List<string>();
        if (options.NamePrefix.Length is < 1 or > 8 || !options.NamePrefix.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-'))
        {
            failures.Add("Pools:Identities:NamePrefix must be 1 to 8 lower case letters, digits or dashes (names are at most 20 characters).");
        }

        if (options.MirroredGroups.Any(g => string.IsNullOrWhiteSpace(g) || g.Length > 64))
        {
            failures.Add("Pools:Identities:MirroredGroups must name directory groups (1 to 64 characters each).");
        }

        if (string.IsNullOrWhiteSpace(options.CredentialSecretPrefix) || options.CredentialSecretPrefix.Length > 256)
        {
            failures.Add("Pools:Identities:CredentialSecretPrefix must be a Secrets Manager name prefix of at most 256 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
