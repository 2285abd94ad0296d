using System.Net;
using System.Net.Http.Headers;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// Only access tokens (RFC 9068, <c>typ: at+jwt</c>) are accepted: an ID token from the same issuer
/// for the same audience is not a credential for the API. Claims are read as the token gives them.
/// </summary>
public sealed class AccessTokenTests : ForgeTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task An_id_token_signed_by_the_trusted_key_for_the_audience_is_refused_and_an_access_token_is_accepted()
    {
        var client = StartForge().CreateClient();

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, Token("JWT", new() { ["sub"] = "alice" })));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(client, Token("id_token+jwt", new() { ["sub"] = "alice" })));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, Token("at+jwt", new() { ["sub"] = "alice" })));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(client, Token("application/at+jwt", new() { ["sub"] = "alice" })));
    }

    [Fact]
    public async Task Development_tokens_are_access_tokens()
    {
        var alice = await StartForge().ClientForAsync("alice", ["Platform Engineering"]);

        var token = new JsonWebToken(alice.DefaultRequestHeaders.Authorization!.Parameter);

        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal(["Platform Engineering"], token.GetPayloadValue<string[]>("teams"));
    }

    [Fact]
    public async Task A_string_teams_claim_is_one_team()
    {
        var app = StartForge();
        await (await app.ClientForAsync("erin", ["Engineering"])).CreateWorkspaceAsync();
        var platform = await (await app.ClientForAsync("paul", ["Platform Engineering"])).CreateWorkspaceAsync();
        var lead = app.CreateClient();
        lead.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            Token("at+jwt", new() { ["sub"] = "lena", ["teams"] = "Platform Engineering", ["roles"] = Roles.TeamLead }));

        Assert.Equal([platform.Id], (await lead.ListWorkspacesAsync()).Select(w => w.Id));
    }

    private static async Task<HttpStatusCode> StatusWithAsync(HttpClient client, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/workspaces");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return (await client.SendAsync(request)).StatusCode;
    }

    /// <summary>A token as the trusted issuer would sign it, with the given <c>typ</c> header.</summary>
    private string Token(string type, Dictionary<string, object> claims)
    {
        var now = Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = DevTokenOptions.Issuer,
            Audience = "forge",
            TokenType = type,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Convert.FromBase64String(ForgeApp.SigningKey)), SecurityAlgorithms.HmacSha256),
        });
    }
}
