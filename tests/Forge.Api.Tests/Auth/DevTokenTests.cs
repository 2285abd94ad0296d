using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Forge.Api.Tests.Support;
using Microsoft.Extensions.Options;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// Development tokens are for one machine: Forge refuses to mint them while it listens beyond
/// loopback, keeps their key in its data directory (so they survive a restart) readable by its own
/// user only, and reads their request body as strictly as every other body.
/// </summary>
public sealed class DevTokenTests : ForgeTestBase
{
    private static readonly string[] PlatformEngineering = ["Platform Engineering"];

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Theory]
    [InlineData("urls", "http://0.0.0.0:5080", "http://0.0.0.0:5080")]
    [InlineData("urls", "http://127.0.0.1:5080;http://*:8080", "http://*:8080")]
    [InlineData("urls", "http://forge.example.com:5080", "http://forge.example.com:5080")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://10.1.2.3:5080", "http://10.1.2.3:5080")]
    [InlineData("http_ports", "8080", "8080")]
    [InlineData("Management:Urls:0", "http://[::]:9090", "http://[::]:9090")]
    public async Task Forge_refuses_to_start_with_dev_tokens_on_a_non_loopback_address(string key, string value, string named)
    {
        await using var app = NewForge(new() { [key] = value });

        var failure = Assert.Throws<OptionsValidationException>(() => app.Server);

        Assert.Contains("Auth:DevTokens:Enabled", failure.Message, StringComparison.Ordinal);
        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("urls", "http://localhost:5080;http://127.0.0.1:5081;http://[::1]:5082")]
    [InlineData("Kestrel:Endpoints:Http:Url", "http://127.0.0.2:5080")]
    public async Task Loopback_addresses_are_fine(string key, string value)
    {
        var alice = await StartForge(new() { [key] = value }).ClientForAsync("alice");

        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_key_tokens_survive_a_restart_and_the_key_file_is_private()
    {
        var settings = new Dictionary<string, string?> { ["Auth:DevTokens:SigningKey"] = "" };
        var first = StartForge(settings);
        var alice = await first.ClientForAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        await KillAsync(first);

        var second = StartForge(settings).CreateClient();
        second.DefaultRequestHeaders.Authorization = alice.DefaultRequestHeaders.Authorization;

        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/api/v1/workspaces")).StatusCode);
        var keyFile = Path.Combine(Settings["Persistence:DataDirectory"]!, "dev-token-key");
        Assert.True(File.Exists(keyFile), keyFile);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
        }
    }

    [Fact]
    public async Task The_token_body_is_read_strictly()
    {
        var client = StartForge().CreateClient();

        var unknown = await client.PostAsync("/api/v1/dev/tokens", Json("""{"user":"alice","admin":true}"""));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Contains("admin", (await unknown.ProblemAsync()).GetRawText(), StringComparison.Ordinal);

        var wrongType = await client.PostAsync("/api/v1/dev/tokens", Json("""{"user":"alice","teams":"payments"}"""));
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.StatusCode);
        Assert.Contains("teams", (await wrongType.ProblemAsync()).GetRawText(), StringComparison.Ordinal);

        var huge = await client.PostAsync("/api/v1/dev/tokens", Json($$"""{"user":"alice","teams":["{{new string('x', 70_000)}}"]}"""));
        Assert.Equal(HttpStatusCode.BadRequest, huge.StatusCode);
        Assert.Contains("larger than", (await huge.ProblemAsync()).GetRawText(), StringComparison.Ordinal);

        var empty = await client.PostAsync("/api/v1/dev/tokens", Json("""{"user":"alice","teams":[""]}"""));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, empty.StatusCode);
        Assert.Contains("teams", (await empty.ProblemAsync()).GetRawText(), StringComparison.Ordinal);

        var fine = await client.PostAsJsonAsync("/api/v1/dev/tokens", new { user = "alice", teams = PlatformEngineering });
        Assert.Equal(HttpStatusCode.OK, fine.StatusCode);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
}
