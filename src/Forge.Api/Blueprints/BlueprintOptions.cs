using Microsoft.Extensions.Options;

namespace Forge.Api.Blueprints;

/// <summary>The configured blueprints (section <c>Blueprints</c>); admins may override them through the API.</summary>
public sealed class BlueprintOptions
{
    public const string SectionName = "Blueprints";

    /// <summary>Blueprints by name (lower case letters, digits and dashes).</summary>
    public Dictionary<string, BlueprintDefinition> Catalog { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>What a developer can ask for: a description and, per operating system, the bundles.</summary>
public sealed class BlueprintDefinition
{
    public string Description { get; set; } = "";

    /// <summary>
    /// Per operating system (<c>linux</c>, <c>windows</c>): the default and the allowed bundles, by public
    /// bundle name (resolved per region: public bundle ids differ between regions) or by id (<c>wsb-...</c>).
    /// </summary>
    public Dictionary<string, BlueprintOperatingSystem> OperatingSystems { get; set; } = new(StringComparer.Ordinal);
}

public sealed class BlueprintOperatingSystem
{
    public string DefaultBundle { get; set; } = "";

    /// <summary>Bundles a request may name; the default is always allowed.</summary>
    public List<string> AllowedBundles { get; set; } = [];
}

public static class OperatingSystems
{
    public const string Linux = "linux";
    public const string Windows = "windows";

    public static readonly IReadOnlyList<string> All = [Linux, Windows];
}

/// <summary>Checks a blueprint definition, from configuration or from an admin; returns the problems by field.</summary>
public static class BlueprintRules
{
    /// <summary>A blueprint name: 1 to 64 lower case letters, digits or dashes.</summary>
    public static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');

    public static Dictionary<string, string[]> Check(string name, BlueprintDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (!IsName(name))
        {
            errors["name"] = ["A blueprint name is 1 to 64 lower case letters, digits or dashes."];
        }

        // A JSON null reaches these non-nullable members as null: refused here, by field, rather than dereferenced.
        if (definition.Description is null || definition.Description.Length > 512)
        {
            errors["description"] = ["The description is text of at most 512 characters."];
        }

        if (definition.OperatingSystems is null || definition.OperatingSystems.Count == 0)
        {
            errors["operatingSystems"] = ["A blueprint offers at least one operating system."];
        }

        foreach (var (os, bundles) in definition.OperatingSystems ?? [])
        {
            if (!OperatingSystems.All.Contains(os))
            {
                errors[$"operatingSystems.{os}"] = [$"Supported operating systems: {string.Join(", ", OperatingSystems.All)}."];
            }
            else if (bundles is null || string.IsNullOrWhiteSpace(bundles.DefaultBundle))
            {
                errors[$"operatingSystems.{os}.defaultBundle"] = ["A default bundle id is required."];
            }
            else if (bundles.AllowedBundles is null || bundles.AllowedBundles.Any(string.IsNullOrWhiteSpace))
            {
                errors[$"operatingSystems.{os}.allowedBundles"] = ["Allowed bundles are a list of bundle names or ids (it may be empty)."];
            }
        }

        return errors;
    }
}

internal sealed class BlueprintOptionsValidator : IValidateOptions<BlueprintOptions>
{
    public ValidateOptionsResult Validate(string? name, BlueprintOptions options)
    {
        var failures = options.Catalog
            .SelectMany(b => BlueprintRules.Check(b.Key, b.Value).Select(e => $"Blueprints:Catalog:{b.Key}: {e.Key}: {string.Join(" ", e.Value)}"))
            .ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
