namespace Forge.Api.Platform;

/// <summary>The HTTP surface's own settings (section <c>Http</c>).</summary>
public sealed class HttpSurfaceOptions
{
    public const string SectionName = "Http";

    /// <summary>
    /// Proxies whose <c>X-Forwarded-For</c> is believed; any other sender's header is ignored.
    /// Empty (the default): loopback only, <c>127.0.0.1</c> and <c>::1</c>. (Empty rather than
    /// those two so a configured list replaces them instead of being appended to them.)
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    public static readonly IReadOnlyList<string> LoopbackProxies = ["127.0.0.1", "::1"];

    /// <summary>The largest JSON request body accepted. Default 64 KiB.</summary>
    public int MaxRequestBodyBytes { get; set; } = 64 * 1024;

    public RateLimitOptions RateLimit { get; set; } = new();
}

/// <summary>Per-user request budget: a fixed window per user (per client address when anonymous).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Requests allowed per window. Default 300.</summary>
    public int PermitsPerWindow { get; set; } = 300;

    /// <summary>Window length. Default 1 minute.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}
