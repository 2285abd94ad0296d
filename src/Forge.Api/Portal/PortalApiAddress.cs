using Forge.Api.Platform;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace Forge.Api.Portal;

/// <summary>
/// Where the portal calls the REST API: <see cref="PortalOptions.ApiBaseAddress"/>, else this process's own main
/// listener, read from the server once it listens (so a port chosen at start, <c>:0</c>, is the bound one).
/// Never the Host header of a request, which a client chooses.
/// </summary>
public sealed class PortalApiAddress(IServer server, IOptions<PortalOptions> portal, IOptions<ManagementOptions> management)
{
    private Uri? _address;

    public Uri Get() => _address ??= portal.Value.ApiBaseAddress ?? FromListener();

    private Uri FromListener()
    {
        var managementPorts = management.Value.Urls.Select(ListenAddresses.Port).ToHashSet();
        foreach (var address in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            var uri = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://[::1]", StringComparison.Ordinal));
            if (!managementPorts.Contains(uri.Port))
            {
                return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
            }
        }

        throw new InvalidOperationException("The portal found no listen address to reach Forge's API at; set Portal:ApiBaseAddress.");
    }
}
