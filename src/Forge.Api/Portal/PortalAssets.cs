namespace Forge.Api.Portal;

/// <summary>
/// The portal's stylesheet and script, embedded in the assembly (no static web asset pipeline, no Node build):
/// served with a content hash in the URL so they can be cached for good.
/// </summary>
public static class PortalAssets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = new(StringComparer.Ordinal)
    {
        ["portal.css"] = (Read("portal.css"), "text/css; charset=utf-8"),
        ["portal.js"] = (Read("portal.js"), "text/javascript; charset=utf-8"),
    };

    /// <summary>The URL of an asset, versioned by its content.</summary>
    public static string Url(string name) =>
        $"/portal/assets/{name}?v={Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Files[name].Content))[..12]}";

    public static IEndpointRouteBuilder MapPortalAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/portal/assets/{name}", (string name, HttpContext http) =>
        {
            if (!Files.TryGetValue(name, out var file))
            {
                return Results.NotFound();
            }

            http.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
            return Results.Bytes(file.Content, file.Type);
        }).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(PortalAssets).Assembly.GetManifestResourceStream("Forge.Api.Portal.Assets." + name)
            ?? throw new InvalidOperationException($"The portal asset {name} is not embedded.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
