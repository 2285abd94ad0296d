using Forge.Api.Auth;
using Microsoft.Extensions.Options;

namespace Forge.Api.Platform;

/// <summary>
/// The operator surfaces, <c>/metrics</c>, <c>/openapi/v1.json</c> and <c>/scalar</c> (section
/// <c>Management</c>). They answer anonymously, so in production they belong on a listener only
/// operators reach.
/// </summary>
public sealed class ManagementOptions
{
    public const string SectionName = "Management";

    /// <summary>
    /// URLs of a separate listener (e.g. <c>http://10.0.0.5:9090</c>) Forge adds to its own and serves
    /// the operator surfaces on, and nothing else but health. Each names a port: requests are told
    /// apart by the port they arrived on, never by the Host header a client chooses. With
    /// <c>Kestrel:Endpoints</c> instead of <c>urls</c>, add an endpoint for each there as well.
    /// </summary>
    public List<string> Urls { get; set; } = [];

    /// <summary>
    /// Whether the operator surfaces are also on the main listener. Default: only in local mode with
    /// no <see cref="Urls"/> (dev tokens on, which Forge allows on loopback addresses only); a
    /// production configuration (an OIDC issuer) keeps them off the public listener.
    /// </summary>
    public bool? OnMainListener { get; set; }

    public bool ServedOnMainListener(AuthOptions auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        return OnMainListener ?? (Urls.Count == 0 && auth.DevTokens.Enabled);
    }
}

/// <summary>Endpoint metadata: an operator surface, answered where <see cref="ManagementOptions"/> says.</summary>
public sealed class ManagementEndpoint
{
    public static readonly ManagementEndpoint Instance = new();
}

/// <summary>Endpoint metadata: answered on every listener (health probes).</summary>
public sealed class AnyListenerEndpoint
{
    public static readonly AnyListenerEndpoint Instance = new();
}

public static class Management
{
    internal static void AddManagement(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ManagementOptions>().BindConfiguration(ManagementOptions.SectionName)
            .Validate(o => o.Urls.All(u => ListenAddresses.Port(u) is > 0), "Management:Urls must each name a port (e.g. http://127.0.0.1:9090).")
            .ValidateOnStart();
        var urls = builder.Configuration.GetSection(ManagementOptions.SectionName + ":Urls").Get<List<string>>() ?? [];
        if (urls.Count > 0)
        {
            // Listen on the management URLs as well as the main ones (urls, else http_ports/https_ports, else Kestrel's default).
            var main = ListenAddresses.All(builder.Configuration).Where(a => !a.Setting.StartsWith(ManagementOptions.SectionName, StringComparison.Ordinal))
                .Select(a => a.Setting switch
                {
                    ListenAddresses.HttpPortsKey => $"http://*:{a.Address}",
                    ListenAddresses.HttpsPortsKey => $"https://*:{a.Address}",
                    _ => a.Address,
                })
                .ToList();
            builder.WebHost.UseUrls([.. main.Count > 0 ? main : ["http://localhost:5000"], .. urls]);
        }
    }

    /// <summary>
    /// Hides what does not belong on the listener a request came in on: operator surfaces off the main
    /// listener (unless configured there), and everything but them and health off the management one.
    /// Hidden endpoints answer 404 like unknown routes.
    /// </summary>
    internal static IApplicationBuilder UseManagementListener(this IApplicationBuilder app)
    {
        var management = app.ApplicationServices.GetRequiredService<IOptions<ManagementOptions>>().Value;
        var onMain = management.ServedOnMainListener(app.ApplicationServices.GetRequiredService<IOptions<AuthOptions>>().Value);
        var ports = management.Urls.Select(u => ListenAddresses.Port(u)!.Value).ToHashSet();
        return app.Use((context, next) =>
        {
            if (context.GetEndpoint() is { } endpoint)
            {
                var onManagementPort = ports.Contains(context.Connection.LocalPort);
                var allowed = endpoint.Metadata.GetMetadata<ManagementEndpoint>() is not null
                    ? onManagementPort || onMain
                    : !onManagementPort || endpoint.Metadata.GetMetadata<AnyListenerEndpoint>() is not null;
                if (!allowed)
                {
                    context.SetEndpoint(null);
                }
            }

            return next(context);
        });
    }
}
