using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forge.Api.Tests.Platform;

public sealed class PlatformTests : ForgeTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task OpenApi_reference_page_and_health_endpoints_answer()
    {
        var client = StartForge().CreateClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/workspaces", out _));
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/v1/workspaces/{id}/events", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("Bearer").GetProperty("scheme").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/scalar/v1")).StatusCode);
        Assert.Equal("Healthy", await client.GetStringAsync("/healthz"));
        Assert.Equal("Healthy", await client.GetStringAsync("/readyz"));
    }

    [Fact]
    public async Task Unknown_routes_and_errors_answer_with_problem_details()
    {
        var alice = await StartForge().ClientForAsync("alice");

        var response = await alice.GetAsync($"/api/v1/workspaces/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("correlationId", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync("/api/v1/nothing-here")).StatusCode);
    }

    [Fact]
    public void Forwarded_headers_are_believed_only_from_the_configured_proxies()
    {
        var loopbackOnly = StartForge().Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;
        var configured = StartForge(new() { ["Http:KnownProxies:0"] = "10.1.2.3" })
            .Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback], loopbackOnly.KnownProxies);
        Assert.Empty(loopbackOnly.KnownIPNetworks);
        Assert.Equal([IPAddress.Parse("10.1.2.3")], configured.KnownProxies);
    }

    [Fact]
    public async Task Dev_tokens_are_refused_against_real_AWS()
    {
        await using var app = NewForge(new() { ["Aws:ServiceUrl"] = null });

        var failure = Assert.Throws<OptionsValidationException>(() => app.Server);

        Assert.Contains("Aws:ServiceUrl", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Expired_tokens_are_refused_on_the_service_clock()
    {
        var app = StartForge(new() { ["Auth:DevTokens:Lifetime"] = "01:00:00" });
        var alice = await app.ClientForAsync("alice");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);

        Clock.Advance(TimeSpan.FromHours(2));

        Assert.Equal(HttpStatusCode.Unauthorized, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
    }

    [Fact]
    public async Task Each_user_has_a_request_budget_and_past_it_gets_429_problems()
    {
        var app = StartForge(new() { ["Http:RateLimit:PermitsPerWindow"] = "3" });
        var alice = await app.ClientForAsync("alice");
        var bob = await app.ClientForAsync("bob");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        var limited = await alice.GetAsync("/api/v1/workspaces");
        Assert.Equal(429, (await limited.ProblemAsync()).GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await bob.GetAsync("/api/v1/workspaces")).StatusCode);
    }

    [Fact]
    public async Task Admins_edit_blueprints_and_requests_use_the_edited_version()
    {
        var app = StartForge();
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var alice = await app.ClientForAsync("alice");
        var definition = new
        {
            description = "Data science",
            operatingSystems = new Dictionary<string, object> { ["linux"] = new { defaultBundle = "wsb-datasci01", allowedBundles = Array.Empty<string>() } },
        };

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PutAsJsonAsync("/api/v1/blueprints/data", definition)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/blueprints/data", definition)).StatusCode);
        var invalid = await admin.PutAsJsonAsync("/api/v1/blueprints/Bad Name", definition);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);

        var blueprints = await alice.GetFromJsonAsync<JsonElement>("/api/v1/blueprints");
        Assert.Equal(["backend", "data", "frontend"], blueprints.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        var created = await alice.CreateWorkspaceAsync(new { blueprint = "data", operatingSystem = "linux" });
        Assert.Equal("wsb-datasci01", created.Bundle);
        var regions = await alice.GetFromJsonAsync<JsonElement>("/api/v1/regions");
        Assert.Contains(regions.EnumerateArray(), r => r.GetProperty("name").GetString() == "us-east-1" && r.GetProperty("isDefault").GetBoolean());
    }
}
