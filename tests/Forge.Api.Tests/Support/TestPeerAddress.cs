using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Forge.Api.Tests.Support;

/// <summary>
/// The test server has no socket, so no peer address: a test names the peer with
/// <see cref="Header"/>, set as the connection's remote address before any of Forge's middleware
/// (forwarded headers included) runs. Without the header the peer is loopback, like a local client.
/// </summary>
internal sealed class TestPeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Connection.RemoteIpAddress = context.Request.Headers.TryGetValue(Header, out var peer) && IPAddress.TryParse(peer, out var address)
                ? address
                : IPAddress.Loopback;
            context.Request.Headers.Remove(Header);
            return nextMiddleware();
        });
        next(app);
    };
}
