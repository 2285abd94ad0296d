using Microsoft.Extensions.Options;

namespace Forge.Api.Regions;

/// <summary>The regions Forge builds in (section <c>Regions</c>).</summary>
public sealed class RegionOptions
{
    public const string SectionName = "Regions";

    /// <summary>Where a workspace goes when the request names no region. Default <c>us-east-1</c>.</summary>
    public string Default { get; set; } = "us-east-1";

    /// <summary>Regions by name, each with the WorkSpaces directory workspaces are built in.</summary>
    public Dictionary<string, RegionSettings> Available { get; set; } = new(StringComparer.Ordinal);
}

public sealed class RegionSettings
{
    /// <summary>The WorkSpaces-registered directory (<c>d-</c> id) of this region.</summary>
    public string DirectoryId { get; set; } = "";

    public string DisplayName { get; set; } = "";
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
        else if (!options.Available.ContainsKey(options.Default))
        {
            failures.Add($"Regions:Default '{options.Default}' is not one of Regions:Available.");
        }

        failures.AddRange(options.Available.Where(r => !r.Value.DirectoryId.StartsWith("d-", StringComparison.Ordinal))
            .Select(r => $"Regions:Available:{r.Key}:DirectoryId must be a directory id (d-...)."));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
