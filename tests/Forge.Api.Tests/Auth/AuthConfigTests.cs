using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Tests.Support;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// <c>GET /api/v1/auth/config</c> tells a client without a token how to get one: development tokens in local
/// mode (and no authority, whose tokens Forge would not accept then), else the authority and the command line's client.
/// </summary>
public sealed class AuthConfigTests : ForgeTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task In_local_mode_the_config_says_development_and_advertises_no_authority()
    {
        var app = StartForge(new() { ["Auth:Authority"] = "https://login.example.com/", ["Auth:CliClientId"] = "forge-cli" });

        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/auth/config");

        Assert.Equal("""{"mode":"development","authority":null,"clientId":null,"audience":"forge","scopes":[]}""", config.GetRawText());
    }

    [Fact]
    public async Task With_an_authority_the_config_names_it_with_the_cli_client_audience_and_configured_scopes()
    {
        var app = StartForge(new()
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = "https://login.example.com/realms/corp",
            ["Auth:CliClientId"] = "forge-cli",
            ["Auth:Audience"] = "forge-api",
            ["Auth:CliScopes:0"] = "openid",
            ["Auth:CliScopes:1"] = "forge",
        });

        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/auth/config");

        Assert.Equal("""{"mode":"oidc","authority":"https://login.example.com/realms/corp","clientId":"forge-cli","audience":"forge-api","scopes":["openid","forge"]}""",
            config.GetRawText());
    }

    [Fact]
    public async Task Unset_scopes_default_to_openid_and_offline_access()
    {
        var app = StartForge(new() { ["Auth:DevTokens:Enabled"] = "false", ["Auth:Authority"] = "https://login.example.com/" });

        var config = await app.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/auth/config");

        Assert.Equal(["openid", "offline_access"], config.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(JsonValueKind.Null, config.GetProperty("clientId").ValueKind);
    }
}
