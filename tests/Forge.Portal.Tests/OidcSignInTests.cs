using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Web;
using Forge.Api.Portal;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.DependencyInjection;
using Forge.Api.Tests.Support;
using Forge.Cli.Tests;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>
/// The portal signs in at a real OpenID provider (oidc-provider on loopback, the CLI suite's harness) with the
/// authorization code flow and PKCE, as the public client <c>forge-portal</c> (the provider refuses a public client's
/// code flow without PKCE). The access token it brings back is what the portal calls the API with; the development
/// sign-in does not exist in this mode.
/// </summary>
public sealed class OidcSignInTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_developer_signs_in_at_the_identity_provider_with_the_code_flow_and_PKCE_and_uses_the_portal()
    {
        await using var provider = await OidcProvider.StartAsync();
        // The provider stamps tokens with the real clock and Forge checks them on the test's clock: start that at now.
        Clock.SetUtcNow(TimeProvider.System.GetUtcNow());
        var backchannel = new BackchannelLog();
        StartPortal(new()
        {
            ["Auth:DevTokens:Enabled"] = "false",
            ["Auth:Authority"] = provider.Issuer,
            ["Auth:RequireHttpsMetadata"] = "false",
            ["Portal:ClientId"] = "forge-portal",
            ["Portal:Scopes:0"] = "forge",
        }, services => services.PostConfigure<OpenIdConnectOptions>(PortalAuth.OidcScheme, o => o.BackchannelHttpHandler = backchannel));
        var page = await NewPageAsync();
        var authorizations = new List<string>();
        page.Request += (_, request) =>
        {
            if (request.Url.StartsWith(provider.Issuer + "/auth?", StringComparison.Ordinal))
            {
                authorizations.Add(request.Url);
            }
        };

        await page.GotoAsync("/");
        await Expect(page.GetByLabel("User id")).ToHaveCountAsync(0);
        await AssertAccessibleAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" }).ClickAsync();

        // The provider's own pages: its development login form (any password), then consent.
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("^" + provider.Issuer + "/interaction/"));
        await page.Locator("input[name=login]").FillAsync("alice");
        await page.Locator("input[name=password]").FillAsync("any password: the development login form takes any");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign-in" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();

        await Expect(page.GetByText("Signed in as")).ToContainTextAsync("alice");
        await Expect(page).ToHaveURLAsync(BaseAddress.ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Your workstations" })).ToBeVisibleAsync();
        // The request for a code went out with a PKCE challenge, either in the browser or pushed (PAR) by Forge.
        Output.WriteLine("authorization request: " + string.Join(", ", authorizations));
        Assert.Single(authorizations);
        Assert.True(authorizations[0].Contains("code_challenge=", StringComparison.Ordinal) || authorizations[0].Contains("request_uri=", StringComparison.Ordinal),
            authorizations[0]);

        // The session's token is the provider's access token, and the API takes it: alice requests a workstation.
        await page.GotoAsync("/request");
        await page.GetByLabel("backend on linux").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Request workstation" }).ClickAsync();
        await Expect(page.Locator("#live-status")).ToContainTextAsync("provisioning");
        await Expect(page.GetByText("Owner")).ToBeVisibleAsync();
        await Expect(page.Locator("dl.facts dd").First).ToHaveTextAsync("alice");

        // No development sign-in in this mode: the form is absent and its endpoint does not exist.
        var development = await page.APIRequest.PostAsync("/sign-in/development", new() { Form = page.APIRequest.CreateFormData().Set("user", "mallory"), MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.NotFound, development.Status);
        Assert.Equal((int)HttpStatusCode.NotFound, (await page.APIRequest.PostAsync("/api/v1/dev/tokens")).Status);

        // Another site cannot sign anyone out: a sign-out posted without the page's antiforgery token is refused.
        var forged = await page.APIRequest.PostAsync("/sign-out", new() { Form = page.APIRequest.CreateFormData().Set("x", "y"), MaxRedirects = 0 });
        Assert.Equal((int)HttpStatusCode.BadRequest, forged.Status);
        await page.GotoAsync("/");
        await Expect(page.GetByText("Signed in as")).ToContainTextAsync("alice");

        // Signing out ends the session: the portal asks to sign in again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Sign in with your organisation" })).ToBeVisibleAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/sign-in\\?returnUrl=%2F$"));
    }

    private static string Base64UrlSha256(string text) =>
        Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(text))).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    /// <summary>The form bodies Forge's sign-in posts to the provider (pushed authorization and token requests).</summary>
    private sealed class BackchannelLog() : DelegatingHandler(new SocketsHttpHandler())
    {
        public ConcurrentQueue<(string Path, NameValueCollection Form)> Forms { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (request.Content is FormUrlEncodedContent form)
            {
                Forms.Enqueue((request.RequestUri!.AbsolutePath, HttpUtility.ParseQueryString(await form.ReadAsStringAsync(cancellationToken))));
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
