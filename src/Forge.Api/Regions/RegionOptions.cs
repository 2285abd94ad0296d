using Microsoft.Extensions.Options;

namespace Forge.Api.Regions;

/// <summary>The regions Forge builds in (section <c>Regions</c>).</summary>
public sealed class RegionOptions
{
    public const string SectionName = "Regions";

    /// <summary>Where a workspace goes when nothing else decides. Default <c>us-east-1</c>; must be enabled.</summary>
    public string Default { get; set; } = "us-east-1";

    /// <summary>Regions by name (names of <see cref="RegionCatalog"/>), each with its directory and domain-join settings.</summary>
    public Dictionary<string, RegionSettings> Available { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The names of the enabled regions, ordered.</summary>
    public IReadOnlyList<string> Enabled() =>
        [.. Available.Where(r => r.Value.Enabled).Select(r => r.Key).Order(StringComparer.Ordinal)];

    public bool IsEnabled(string region) => Available.TryGetValue(region, out var settings) && settings.Enabled;
}

public sealed class RegionSettings
{
    /// <summary>Whether new workspaces may be placed here. Default true; a disabled region keeps its workspaces.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The WorkSpaces-registered directory (<c>d-</c> id) of this region.</summary>
    public string DirectoryId { get; set; } = "";

    /// <summary>Defaults to the catalogue's name of the region.</summary>
    public string DisplayName { get; set; } = "";

    /// <summary>The OU computer accounts are joined into (a full DN, <c>OU=...,DC=...</c>).</summary>
    public string OrganizationalUnit { get; set; } = "";

    /// <summary>
    /// The ARN of the Secrets Manager secret holding the join account (<c>{"username","password"}</c>).
    /// Only the ARN travels to the machine. Empty: in the local cloud Forge creates the secret at start.
    /// </summary>
    public string JoinCredentialsSecretArn { get; set; } = "";
}

internal sealed class RegionOptionsValidator : IValidateOptions<RegionOptions>
{
    public ValidateOptionsResult Validate(string? name, RegionOptions options)
    {
        var failures = new List<string>();
        if (options.Available.Count == 0)
        {
            failures.Add("Regions:Available must name at least one region.");
        }
        else if (!options.IsEnabled(options.Default))
        {
            failures.Add($"Regions:Default '{options.Default}' is not an enabled region of Regions:Available.");
        }

        failures.AddRange(options.Available.Keys.Where(r => RegionCatalog.Find(r) is null)
            .Select(r => $"Regions:Available:{r} is not a region Amazon WorkSpaces serves."));
        failures.AddRange(options.Available.Where(r => !r.Value.DirectoryId.StartsWith("d-", StringComparison.Ordinal))
            .Select(r => $"Regions:Available:{r.Key}:DirectoryId must be a directory id (d-...)."));
        failures.AddRange(options.Available.Where(r => r.Value.OrganizationalUnit.Length > 0 && !r.Value.OrganizationalUnit.StartsWith("OU=", StringComparison.Ordinal))
            .Select(r => $"Regions:Available:{r.Key}:OrganizationalUnit must be a distinguished name starting with OU=."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
