using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Forge.Api.Tests.Support;

namespace Forge.Cli.Tests;

/// <summary>
/// <c>forge login</c> against a Forge that signs in at a real OpenID provider (oidc-provider on loopback): the device
/// authorization grant from the discovery document, the user approving in the provider's pages (played here as a
/// browser would), polling while pending, then a token Forge accepts, and its renewal with the refresh token once expired.
/// </summary>
public sealed partial class DeviceLoginTests : CliTestBase
{
    [Fact]
    public async Task Device_flow_login_at_a_real_provider_gives_a_token_Forge_accepts_and_an_expired_one_is_renewed()
    {
        await using var provider = await OidcProvider.StartAsync();
        // The provider stamps tokens with the real clock and Forge checks them on the test's clock: start that at now.
        Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        UseForge(StartForge(new()
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = provider.Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Auth:CliClientId"] = "forge-cli",
            ["Auth:CliScopes:0"] = "openid",
            ["Auth:CliScopes:1"] = "offline_access",
            ["Auth:CliScopes:2"] = "forge",
        }));
        var tokenCalls = new ConcurrentQueue<string>();
        Handlers = () => new ByHost(Forge.Server.CreateHandler(), new TokenEndpointLog(tokenCalls, new SocketsHttpHandler()));

        var error = new SharedWriter();
        var login = RunAsync(error, ["login"]);
        var prompt = await UntilAsync(() => PromptPattern().Match(error.ToString()), m => m.Success || login.IsCompleted);
        if (!prompt.Success)
        {
            Assert.Fail("No sign-in prompt: " + await login); // the login ended without asking
        }

        Assert.StartsWith(provider.Issuer + "/device?user_code=", prompt.Groups["uri"].Value, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromSeconds(5)); // the first poll, before anyone approved
        await UntilAsync(() => tokenCalls.Count, n => n >= 1);
        await provider.ApproveAsync(new Uri(prompt.Groups["uri"].Value), "alice");
        await Eventually.UntilAsync(Clock, () => Task.FromResult(login.IsCompleted), done => done, TimeSpan.FromSeconds(5), maxRounds: 40);
        var run = await login;

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Signed in to http://localhost through {provider.Issuer}.\n", run.Out);
        Assert.Equal(["device_code: authorization_pending", "device_code: ok"], tokenCalls);
        var created = await RunAsync("create", "--blueprint", "backend", "--os", "linux", "--no-probe", "-o", "json");
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("alice", created.Json.GetProperty("owner").GetString());

        // Past the access token's lifetime the next command renews it with the refresh token, and Forge accepts the new one.
        var cache = new TokenCache(Path.Combine(ConfigHome, "forge"));
        var before = cache.Read(new Uri(ServerAddress))!;
        Assert.NotNull(before.RefreshToken);
        Clock.SetUtcNow(before.ExpiresAt!.Value);
        var list = await RunAsync("list");
        Assert.True(list.ExitCode == 0, list.ToString());
        Assert.Equal("refresh_token: ok", tokenCalls.Last());
        Assert.NotEqual(before.AccessToken, cache.Read(new Uri(ServerAddress))!.AccessToken);
    }

    // Bounded real-time wait for something another process or thread does (no clock involved).
    private static async Task<T> UntilAsync<T>(Func<T> read, Func<T, bool> done)
    {
        var started = TimeProvider.System.GetTimestamp();
        var value = read();
        while (!done(value) && TimeProvider.System.GetElapsedTime(started) < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System);
            value = read();
        }

        return value;
    }

    [GeneratedRegex(@"open (?<uri>\S+) and enter the code (?<code>\S+)")]
    private static partial Regex PromptPattern();

    /// <summary>Requests for the test's Forge (http://localhost) go to its test server; the rest (the provider) to the network.</summary>
    private sealed class ByHost(HttpMessageHandler forge, HttpMessageHandler network) : HttpMessageHandler
    {
        private readonly HttpMessageInvoker _forge = new(forge);
        private readonly HttpMessageInvoker _network = new(network);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            (request.RequestUri!.Host == "localhost" ? _forge : _network).SendAsync(request, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _forge.Dispose();
                _network.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    /// <summary>Records each token endpoint call as "grant: outcome" (ok, or the OAuth error code).</summary>
    private sealed class TokenEndpointLog(ConcurrentQueue<string> calls, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.RequestUri!.AbsolutePath == "/token")
            {
                var form = await request.Content!.ReadAsStringAsync(cancellationToken);
                var grant = form.Contains("refresh_token", StringComparison.Ordinal) && !form.Contains("device_code", StringComparison.Ordinal)
                    ? "refresh_token" : "device_code";
                await response.Content.LoadIntoBufferAsync(cancellationToken);
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                calls.Enqueue($"{grant}: " + (response.IsSuccessStatusCode ? "ok" : System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()));
            }

            return response;
        }
    }
}
