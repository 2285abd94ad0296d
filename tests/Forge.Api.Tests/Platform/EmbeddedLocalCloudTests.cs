using System.Net;
using System.Net.Sockets;
using Forge.Api.Tests.Support;

namespace Forge.Api.Tests.Platform;

/// <summary>Tests that set process environment variables, which every host built meanwhile would read: run alone.</summary>
[CollectionDefinition(nameof(ProcessEnvironment), DisableParallelization = true)]
public sealed class ProcessEnvironment;

[Collection(nameof(ProcessEnvironment))]
public sealed class EmbeddedLocalCloudTests : ForgeTestBase
{
    private const string KestrelUrlVariable = "Kestrel__Endpoints__Http__Url";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task The_embedded_local_cloud_listens_on_its_own_url_even_when_the_API_is_given_Kestrel_endpoints()
    {
        var cloudPort = FreePort();
        var apiPort = FreePort();
        Environment.SetEnvironmentVariable(KestrelUrlVariable, $"http://127.0.0.1:{apiPort}");
        try
        {
            StartForge(new()
            {
                ["EmbeddedLocalCloud:Enabled"] = "true",
                ["EmbeddedLocalCloud:Url"] = $"http://127.0.0.1:{cloudPort}",
            });
            using var http = new HttpClient();

            var own = await http.GetAsync(new Uri($"http://127.0.0.1:{cloudPort}/_localcloud/faults"));
            var apis = await Record.ExceptionAsync(() => http.GetAsync(new Uri($"http://127.0.0.1:{apiPort}/_localcloud/faults")));

            Assert.Equal(HttpStatusCode.OK, own.StatusCode);
            Assert.IsType<HttpRequestException>(apis);
        }
        finally
        {
            Environment.SetEnvironmentVariable(KestrelUrlVariable, null);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
