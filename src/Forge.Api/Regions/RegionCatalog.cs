namespace Forge.Api.Regions;

/// <summary>A point on Earth in degrees (WGS 84).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusKm = 6371.0088;

    /// <summary>Great-circle distance in kilometres (haversine).</summary>
    public double DistanceKmTo(GeoPoint other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2)
            + (Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusKm * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>A region Amazon WorkSpaces (Personal) serves, with the approximate location of its data centres.</summary>
public sealed record WorkSpacesRegion(string Name, string DisplayName, GeoPoint Location);

/// <summary>
/// Every region WorkSpaces Personal serves (AWS General Reference, "Amazon WorkSpaces endpoints and
/// quotas"), located at the metropolitan area AWS names it after. Which of them Forge builds in is
/// configuration (<see cref="RegionOptions.Available"/>); this list only says what can be configured
/// and where each region is, for geolocation.
/// </summary>
public static class RegionCatalog
{
    public static IReadOnlyList<WorkSpacesRegion> All { get; } =
    [
        new("us-east-1", "US East (N. Virginia)", new(38.95, -77.45)),
        new("us-west-2", "US West (Oregon)", new(45.84, -119.70)),
        new("ca-central-1", "Canada (Central)", new(45.50, -73.57)),
        new("sa-east-1", "South America (São Paulo)", new(-23.55, -46.63)),
        new("eu-west-1", "Europe (Ireland)", new(53.35, -6.26)),
        new("eu-west-2", "Europe (London)", new(51.51, -0.13)),
        new("eu-west-3", "Europe (Paris)", new(48.86, 2.35)),
        new("eu-central-1", "Europe (Frankfurt)", new(50.11, 8.68)),
        new("af-south-1", "Africa (Cape Town)", new(-33.92, 18.42)),
        new("il-central-1", "Israel (Tel Aviv)", new(32.09, 34.78)),
        new("ap-south-1", "Asia Pacific (Mumbai)", new(19.08, 72.88)),
        new("ap-southeast-1", "Asia Pacific (Singapore)", new(1.35, 103.82)),
        new("ap-southeast-2", "Asia Pacific (Sydney)", new(-33.87, 151.21)),
        new("ap-northeast-1", "Asia Pacific (Tokyo)", new(35.68, 139.69)),
        new("ap-northeast-2", "Asia Pacific (Seoul)", new(37.57, 126.98)),
        new("us-gov-west-1", "AWS GovCloud (US-West)", new(45.60, -121.18)),
        new("us-gov-east-1", "AWS GovCloud (US-East)", new(39.96, -83.00)),
    ];

    private static readonly Dictionary<string, WorkSpacesRegion> ByName = All.ToDictionary(r => r.Name, StringComparer.Ordinal);

    public static WorkSpacesRegion? Find(string name) => ByName.GetValueOrDefault(name);
}
