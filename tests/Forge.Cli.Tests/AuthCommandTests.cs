using System.Text.Json;

namespace Forge.Cli.Tests;

/// <summary><c>forge login</c> and <c>forge logout</c> against a local-mode Forge, and the token cache they keep.</summary>
public sealed class AuthCommandTests : CliTestBase
{
    [Fact]
    public async Task Login_caches_the_token_per_server_readable_by_the_user_only_and_logout_forgets_it()
    {
        var transcript = await TranscriptAsync(["list"], ["login", "--user", "alice", "--team", "Engineering", "--team", "Platform Engineering", "--role", "team-lead"]);

        var folder = Path.Combine(ConfigHome, "forge", "tokens");
        var file = Assert.Single(Directory.GetFiles(folder));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
        }
        var cached = JsonDocument.Parse(File.ReadAllText(file)).RootElement;
        Assert.Equal(ServerAddress.TrimEnd('/'), cached.GetProperty("server").GetString());
        Assert.Equal(3, cached.GetProperty("accessToken").GetString()!.Split('.').Length);

        transcript += await TranscriptAsync(["list"], ["list", "--server", "http://forge.other.example:5080"], ["logout"], ["list"], ["logout"], ["login"]);
        Golden.Match("login-logout", transcript);
    }

    [Fact]
    public async Task An_expired_sign_in_and_a_token_the_server_refuses_both_exit_3()
    {
        await LoginAsync();
        var cache = new TokenCache(Path.Combine(ConfigHome, "forge"));
        var server = new Uri(ServerAddress);
        var token = cache.Read(server)!;
        Assert.Equal(0, (await RunAsync("list")).ExitCode);

        cache.Write(token with { AccessToken = token.AccessToken[..^4] + "AAAA" });
        var refused = await RunAsync("list");
        Clock.Advance(TimeSpan.FromHours(13)); // past the 12-hour development token
        cache.Write(token);
        var expired = await RunAsync("list");

        Assert.Equal((3, 3), (refused.ExitCode, expired.ExitCode));
        Golden.Match("token-refused", refused.ToString() + expired);
    }

    [Fact]
    public async Task Development_sign_in_options_are_refused_by_a_server_that_signs_in_at_an_authority()
    {
        StartForgeWithAuthority();

        var login = await RunAsync("login", "--user", "alice");

        Assert.Equal(2, login.ExitCode);
        Golden.Match("login-oidc-server", login.ToString());
    }

    private void StartForgeWithAuthority() => UseForge(StartForge(new()
    {
        ["Auth:DevTokens:Enabled"] = "false",
        ["Auth:Authority"] = "https://login.example.com/realms/corp",
        ["Auth:CliClientId"] = "forge-cli",
    }));
}
