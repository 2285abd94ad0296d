using System.Net;
using Microsoft.AspNetCore.Hosting;

namespace Forge.Api.Platform;

/// <summary>A URL Forge is configured to listen on, and the setting it came from.</summary>
public sealed record ListenAddress(string Setting, string Address);

/// <summary>
/// Every address Forge's configuration binds: <c>urls</c> (also <c>ASPNETCORE_URLS</c>), <c>http_ports</c>
/// and <c>https_ports</c> (which bind every interface), <c>Kestrel:Endpoints:*:Url</c> and
/// <c>Management:Urls</c>. Read from configuration before anything listens, so a refusal comes first.
/// </summary>
public static class ListenAddresses
{
    /// <summary>Ports bound on every interface (<c>ASPNETCORE_HTTP_PORTS</c>, <c>ASPNETCORE_HTTPS_PORTS</c>).</summary>
    public const string HttpPortsKey = "http_ports";
    public const string HttpsPortsKey = "https_ports";

    public static IEnumerable<ListenAddress> All(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var url in Split(configuration[WebHostDefaults.ServerUrlsKey]))
        {
            yield return new(WebHostDefaults.ServerUrlsKey, url);
        }

        foreach (var key in new[] { HttpPortsKey, HttpsPortsKey })
        {
            foreach (var port in Split(configuration[key]))
            {
                yield return new(key, port);
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return new($"Kestrel:Endpoints:{endpoint.Key}:Url", url);
            }
        }

        foreach (var url in configuration.GetSection(ManagementOptions.SectionName + ":Urls").GetChildren())
        {
            if (url.Value is { Length: > 0 } value)
            {
                yield return new(url.Path, value);
            }
        }
    }

    /// <summary>The configured addresses reachable from other machines.</summary>
    public static IEnumerable<ListenAddress> NonLoopback(IConfiguration configuration) =>
        All(configuration).Where(a => !IsLoopback(a));

    /// <summary>
    /// Loopback: <c>localhost</c>, a loopback IP, or a Unix socket or named pipe. Anything else is not:
    /// <c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>, another IP, a host name (Kestrel binds every
    /// interface for it) and a bare port from <c>http_ports</c>.
    /// </summary>
    public static bool IsLoopback(ListenAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Setting is HttpPortsKey or HttpsPortsKey)
        {
            return false;
        }

        var host = Host(address.Address);
        return host is null
            || string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase)
            || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }

    /// <summary>The port of a URL, when it names one.</summary>
    public static int? Port(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (Authority(url) is not { } authority)
        {
            return null;
        }

        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && int.TryParse(authority[(colon + 1)..], out var port) ? port : null;
    }

    // The host part of scheme://host:port/path; null for unix: and pipe: addresses, which are local only.
    private static string? Host(string url)
    {
        var authority = Authority(url);
        if (authority is null)
        {
            return null;
        }

        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            return close > 0 ? authority[1..close] : authority;
        }

        var colon = authority.LastIndexOf(':');
        return colon >= 0 ? authority[..colon] : authority;
    }

    private static string? Authority(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var rest = scheme >= 0 ? url[(scheme + 3)..] : url;
        if (rest.StartsWith("unix:", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("pipe:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? rest[..slash] : rest;
    }

    private static string[] Split(string? value) =>
        value?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
