using System.Net;
using System.Net.Sockets;
using Forge.Api.Tests.Support;

namespace Forge.Api.Tests.Platform;

/// <summary>
/// <c>/metrics</c>, the OpenAPI document and the Scalar page are operator surfaces: with
/// <c>Management:Urls</c> they are served there and only there (by the port the connection came in
/// on, not the Host header a client chooses); in a production configuration without it they are
/// not on the public listener at all.
/// </summary>
public sealed class ManagementListenerTests : ForgeTestBase
{
    private static readonly string[] ManagementPaths = ["/metrics", "/openapi/v1.json", "/scalar/v1"];

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task With_a_management_port_the_public_port_answers_404_and_the_management_port_answers()
    {
        var (publicPort, managementPort) = (FreePort(), FreePort());
        await using var app = NewForge(new()
        {
            ["urls"] = $"http://127.0.0.1:{publicPort}",
            ["Management:Urls:0"] = $"http://127.0.0.1:{managementPort}",
        });
        app.UseKestrel();
        app.StartServer();
        using var publicClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{publicPort}") };
        using var managementClient = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };

        foreach (var path in ManagementPaths)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await publicClient.GetAsync(path)).StatusCode);
            using var spoofed = new HttpRequestMessage(HttpMethod.Get, path);
            spoofed.Headers.Host = $"127.0.0.1:{managementPort}";
            Assert.Equal(HttpStatusCode.NotFound, (await publicClient.SendAsync(spoofed)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await managementClient.GetAsync(path)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await publicClient.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await publicClient.GetAsync("/api/v1/workspaces")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await managementClient.GetAsync("/api/v1/workspaces")).StatusCode);
    }

    [Fact]
    public async Task A_production_configuration_keeps_them_off_the_public_listener()
    {
        var client = StartForge(new()
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = "https://issuer.example.com/",
        }).CreateClient();

        foreach (var path in ManagementPaths)
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }

        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
    }

    [Fact]
    public async Task They_can_be_put_on_the_public_listener_explicitly()
    {
        var client = StartForge(new()
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = "https://issuer.example.com/",
            ["Management:OnMainListener"] = "true",
        }).CreateClient();

        foreach (var path in ManagementPaths)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(path)).StatusCode);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
