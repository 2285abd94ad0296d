using System.Net;
using System.Net.Sockets;
using Forge.LocalCloud.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.ControlSurface;

/// <summary>
/// The unsigned control surface (<c>/_localcloud/...</c>) answers callers on loopback only. A Unix
/// domain socket connection has no remote address at all: it is refused like any other non-loopback caller.
/// </summary>
public sealed class LoopbackOnlyTests : IAsyncLifetime
{
    private static readonly string[] ControlPaths =
        ["/_localcloud/faults", "/_localcloud/ssm/commands", "/_localcloud/cloudwatch/metrics", "/_localcloud/sns/messages"];

    private readonly string _socket = Path.Combine(Path.GetTempPath(), $"forge-lc-{Guid.NewGuid():N}.sock");
    private WebApplication? _app;

    public async Task InitializeAsync()
    {
        _app = LocalCloudServer.Build(["--urls", $"http://127.0.0.1:0;http://unix:{_socket}", "--Logging:LogLevel:Default=Warning"]);
        await _app.StartAsync();
    }

    [Fact]
    public async Task A_connection_with_no_remote_address_is_refused_and_loopback_is_answered()
    {
        using var overSocket = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(_socket), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri("http://localcloud") };
        using var overLoopback = new HttpClient { BaseAddress = new Uri(LoopbackAddress()) };

        foreach (var path in ControlPaths)
        {
            Assert.Equal((path, HttpStatusCode.NotFound), (path, (await overSocket.GetAsync(new Uri(path, UriKind.Relative))).StatusCode));
            Assert.Equal((path, HttpStatusCode.OK), (path, (await overLoopback.GetAsync(new Uri(path, UriKind.Relative))).StatusCode));
        }
    }

    private string LoopbackAddress() => _app!.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!
        .Addresses.First(a => a.StartsWith("http://127.0.0.1:", StringComparison.Ordinal));

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        File.Delete(_socket);
    }
}
