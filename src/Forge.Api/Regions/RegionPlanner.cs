using System.Globalization;

namespace Forge.Api.Regions;

/// <summary>What region selection knows about one request.</summary>
/// <param name="Requested">The region the request names, if any.</param>
/// <param name="LatencyHintsMs">Round-trip times the client measured, by region name.</param>
/// <param name="ClientLocation">Where the client address geolocates, or null (private, unknown, no database).</param>
/// <param name="VolumeRegion">The region of the user's existing user volume, or null.</param>
public sealed record RegionRequest(
    string? Requested = null, IReadOnlyDictionary<string, int>? LatencyHintsMs = null, GeoPoint? ClientLocation = null, string? VolumeRegion = null);

public enum RegionRefusal
{
    None,

    /// <summary>The requested region is unknown or disabled (422).</summary>
    Invalid,

    /// <summary>The requested region is not where the user's volume is (409).</summary>
    Conflict,
}

/// <summary>The region a workspace goes to and why, or why none could be chosen.</summary>
public sealed record RegionDecision(string? Region, string Reason, IReadOnlyList<string> Choices, RegionRefusal Refusal = RegionRefusal.None)
{
    public bool Chosen => Region is not null;
}

/// <summary>
/// Chooses a workspace's region: a pure function of what is known about the request and the
/// configured regions. The first rule that decides wins:
/// (1) the region of the user's volume, so workstations stay next to their data;
/// (2) the region the request names (unknown or disabled: refused; not the volume's: conflict);
/// (3) the lowest client-measured latency among enabled regions;
/// (4) the enabled region nearest the client's geolocated address (great-circle distance);
/// (5) the configured default.
/// </summary>
public static class RegionPlanner
{
    public static RegionDecision Choose(RegionRequest request, RegionOptions options)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        var choices = options.Enabled();
        if (request.Requested is { } requested && !options.IsEnabled(requested))
        {
            var why = options.Available.ContainsKey(requested) ? "is disabled in this deployment" : "is not a region Forge builds in";
            return new RegionDecision(null, $"'{requested}' {why}; choose one of: {string.Join(", ", choices)}.", choices, RegionRefusal.Invalid);
        }

        if (request.VolumeRegion is { } volume)
        {
            if (request.Requested is { } asked && asked != volume)
            {
                return new RegionDecision(null, $"Your user volume is in {volume}: a workstation in {asked} could not mount it. "
                    + $"Ask for {volume} or name no region.", choices, RegionRefusal.Conflict);
            }

            // The volume's region wins even when disabled since: moving the data is not Forge's call.
            return new RegionDecision(volume, $"where your user volume is ({volume})", choices);
        }

        if (request.Requested is { } named)
        {
            return new RegionDecision(named, "requested by the developer", choices);
        }

        var fastest = (request.LatencyHintsMs ?? new Dictionary<string, int>()).Where(h => options.IsEnabled(h.Key))
            .OrderBy(h => h.Value).ThenBy(h => h.Key, StringComparer.Ordinal).FirstOrDefault();
        if (fastest.Key is not null)
        {
            return new RegionDecision(fastest.Key, $"lowest measured latency ({fastest.Value} ms)", choices);
        }

        if (request.ClientLocation is { } client && Nearest(client, choices) is var (region, km) && region is not null)
        {
            return new RegionDecision(region, $"nearest to your location ({km.ToString("0", CultureInfo.InvariantCulture)} km)", choices);
        }

        return new RegionDecision(options.Default, "the configured default region", choices);
    }

    private static (string? Region, double Km) Nearest(GeoPoint client, IReadOnlyList<string> enabled) =>
        enabled.Select(name => (Region: (string?)name, Km: RegionCatalog.Find(name) is { } r ? client.DistanceKmTo(r.Location) : double.MaxValue))
            .Where(r => r.Km < double.MaxValue)
            .OrderBy(r => r.Km).ThenBy(r => r.Region, StringComparer.Ordinal)
            .DefaultIfEmpty((null, 0)).First();
}
