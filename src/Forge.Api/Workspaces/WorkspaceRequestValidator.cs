using Forge.Api.Blueprints;
using Forge.Api.Regions;

namespace Forge.Api.Workspaces;

/// <summary>A create request checked against the blueprints and the region decision: either a plan or the problems by field.</summary>
public sealed record ValidatedCreate(Blueprint Blueprint, string OperatingSystem, string BundleId, RegionDecision Region);

public static class WorkspaceRequestValidator
{
    public static (ValidatedCreate? Valid, Dictionary<string, string[]> Errors) Validate(
        CreateWorkspaceRequest request, Blueprint? blueprint, IReadOnlyList<string> blueprintNames, RegionDecision region)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(blueprintNames);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        CheckLength(errors, "blueprint", request.Blueprint, 64);
        CheckLength(errors, "operatingSystem", request.OperatingSystem, 16);
        CheckLength(errors, "bundle", request.Bundle, 64);
        CheckLength(errors, "region", request.Region, 32);
        if (request.LatencyHintsMs is { } hints && (hints.Count > 64 || hints.Any(h => h.Key.Length > 32 || h.Value is < 0 or > 60_000)))
        {
            errors["latencyHintsMs"] = ["At most 64 hints, each a region name and a latency from 0 to 60000 ms."];
        }

        if (string.IsNullOrEmpty(request.Blueprint))
        {
            errors.TryAdd("blueprint", ["A blueprint is required."]);
        }
        else if (blueprint is null)
        {
            errors.TryAdd("blueprint", [$"Unknown blueprint '{request.Blueprint}'; choose one of: {string.Join(", ", blueprintNames)}."]);
        }

        var os = request.OperatingSystem;
        BlueprintOperatingSystem? offered = null;
        if (string.IsNullOrEmpty(os))
        {
            errors.TryAdd("operatingSystem", [$"An operating system is required: {string.Join(" or ", OperatingSystems.All)}."]);
        }
        else if (!OperatingSystems.All.Contains(os))
        {
            errors.TryAdd("operatingSystem", [$"Unsupported operating system '{os}'; supported: {string.Join(", ", OperatingSystems.All)}."]);
        }
        else if (blueprint is not null && (offered = blueprint.For(os)) is null)
        {
            errors.TryAdd("operatingSystem", [$"Blueprint '{blueprint.Name}' is not offered on {os}; it offers: {string.Join(", ", blueprint.Definition.OperatingSystems.Keys)}."]);
        }

        if (offered is not null && request.Bundle is { Length: > 0 } bundle && !Blueprint.AllowedBundles(offered).Contains(bundle))
        {
            errors.TryAdd("bundle", [$"Bundle '{bundle}' is not allowed for this blueprint; allowed: {string.Join(", ", Blueprint.AllowedBundles(offered))}."]);
        }

        ArgumentNullException.ThrowIfNull(region);
        if (region.Refusal == RegionRefusal.Invalid)
        {
            errors.TryAdd("region", [region.Reason]);
        }

        // A conflict with the user's volume is not a malformed request: the handler answers it with 409.
        return errors.Count > 0 || blueprint is null || offered is null || !region.Chosen
            ? (null, errors)
            : (new ValidatedCreate(blueprint, os!, request.Bundle is { Length: > 0 } b ? b : offered.DefaultBundle, region), errors);
    }

    private static void CheckLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is { Length: > 0 } && value.Length > max)
        {
            errors[field] = [$"At most {max} characters."];
        }
    }
}
