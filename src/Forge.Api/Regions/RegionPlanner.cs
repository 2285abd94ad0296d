namespace Forge.Api.Regions;

/// <summary>The region a workspace goes to and why, or why none could be chosen.</summary>
public sealed record RegionDecision(string? Region, string Reason, IReadOnlyList<string> Choices)
{
    public bool Chosen => Region is not null;
}

/// <summary>
/// Chooses a workspace's region: a pure function of the request and the configured regions.
/// Steps are tried in order and the first that decides wins; latency hints and geolocation are
/// further steps of this same decision, added later.
/// </summary>
public static class RegionPlanner
{
    public static RegionDecision Choose(string? requestedRegion, RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var choices = options.Available.Keys.Order(StringComparer.Ordinal).ToList();
        if (requestedRegion is not null)
        {
            return options.Available.ContainsKey(requestedRegion)
                ? new RegionDecision(requestedRegion, "requested by the developer", choices)
                : new RegionDecision(null, $"'{requestedRegion}' is not a region Forge builds in; choose one of: {string.Join(", ", choices)}.", choices);
        }

        return new RegionDecision(options.Default, "the configured default region (the request named none)", choices);
    }
}
