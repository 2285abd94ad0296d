using System.Net;
using System.Net.Http.Json;
using Forge.Api.Regions;
using Forge.Api.Tests.Support;
using Forge.Aws.WorkSpaces;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Forge.Api.Tests.Regions;

/// <summary>
/// Region selection over HTTP, with the real DB-IP database the build fetched. Addresses and what
/// DB-IP City Lite 2.3.2026060513 says of them: 203.50.2.71 Sydney, 212.227.0.1 Frankfurt,
/// 2a00:1450:4001:800::200e Frankfurt, 81.2.69.142 London, 201.6.0.1 São Paulo,
/// 115.112.0.1 Mumbai (Dadar West), 132.206.1.1 Montreal (Ville-Marie).
/// </summary>
public abstract class RegionSelectionTests : ForgeTestBase
{
    private const string Sydney = "203.50.2.71";
    private const string Frankfurt = "212.227.0.1";

    [Fact]
    public async Task Through_a_trusted_proxy_the_forwarded_client_address_places_the_workspace_nearest_to_it()
    {
        // Two users: a user's first workspace starts their volume, whose region then decides later ones.
        var forge = StartForge();
        var alice = await forge.ClientForAsync("alice");

        var fromSydney = await CreateFromAsync(alice, forwardedFor: Sydney);
        var fromFrankfurt = await CreateFromAsync(await forge.ClientForAsync("bob"), forwardedFor: Frankfurt);

        Assert.Equal("ap-southeast-2", fromSydney.Region.Name);
        Assert.StartsWith("nearest to your location", fromSydney.Region.Reason, StringComparison.Ordinal);
        Assert.Equal("eu-central-1", fromFrankfurt.Region.Name);
        Assert.Equal("ap-southeast-2", (await alice.GetWorkspaceAsync(fromSydney.Id)).Region.Name);
    }

    [Theory]
    [InlineData("81.2.69.142", "eu-west-2")]
    [InlineData("201.6.0.1", "sa-east-1")]
    [InlineData("115.112.0.1", "ap-south-1")]
    [InlineData("132.206.1.1", "ca-central-1")]
    public async Task On_the_default_configuration_a_client_lands_in_its_own_region(string client, string region)
    {
        var alice = await StartForge().ClientForAsync("alice");

        var created = await CreateFromAsync(alice, peer: client);

        Assert.Equal(region, created.Region.Name);
        Assert.StartsWith("nearest to your location", created.Region.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_default_configuration_enables_eleven_regions_each_with_its_own_directory_in_the_local_cloud()
    {
        var regions = StartForge().Services.GetRequiredService<IOptions<RegionOptions>>().Value;
        var workspaces = new WorkSpacesClient(CloudClients());

        Assert.Equal(
            ["ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "ca-central-1", "eu-central-1", "eu-west-1", "eu-west-2",
                "sa-east-1", "us-east-1", "us-west-2"],
            regions.Enabled());
        foreach (var name in regions.Enabled())
        {
            var directoryId = regions.Available[name].DirectoryId;
            var found = await workspaces.DescribeWorkspaceDirectoriesAsync(new DescribeWorkspaceDirectoriesRequest { DirectoryIds = [directoryId] }, name);
            Assert.Equal([directoryId], found.Directories.Select(d => d.DirectoryId));
        }

        Assert.Equal(11, regions.Available.Values.Select(r => r.DirectoryId).Distinct().Count());
    }

    [Fact]
    public async Task A_forwarded_header_from_a_peer_that_is_not_a_trusted_proxy_is_ignored()
    {
        var alice = await StartForge().ClientForAsync("alice");

        // The peer itself is in Frankfurt and claims to forward for Sydney: the claim is not believed.
        var created = await CreateFromAsync(alice, forwardedFor: Sydney, peer: Frankfurt);

        Assert.Equal("eu-central-1", created.Region.Name);
    }

    [Fact]
    public async Task A_configured_proxy_is_believed_and_loopback_no_longer_is()
    {
        var forge = StartForge(new() { ["Http:KnownProxies:0"] = "10.9.8.7" });

        var viaProxy = await CreateFromAsync(await forge.ClientForAsync("alice"), forwardedFor: Sydney, peer: "10.9.8.7");
        var viaLoopback = await CreateFromAsync(await forge.ClientForAsync("bob"), forwardedFor: Sydney);

        Assert.Equal("ap-southeast-2", viaProxy.Region.Name);
        Assert.Equal("us-east-1", viaLoopback.Region.Name);
    }

    [Fact]
    public async Task Latency_hints_beat_geolocation_and_IPv6_and_mapped_addresses_geolocate()
    {
        // One user each: a user's first workspace starts their volume, which then decides their region.
        var forge = StartForge();
        var hints = new { blueprint = "backend", operatingSystem = "linux", latencyHintsMs = new Dictionary<string, int> { ["us-east-1"] = 40, ["us-west-2"] = 90 } };

        var hinted = await CreateFromAsync(await forge.ClientForAsync("alice"), forwardedFor: Sydney, body: hints);
        var ipv6 = await CreateFromAsync(await forge.ClientForAsync("bob"), peer: "2a00:1450:4001:800::200e");
        var mapped = await CreateFromAsync(await forge.ClientForAsync("carol"), peer: "::ffff:" + Sydney);
        var privateAddress = await CreateFromAsync(await forge.ClientForAsync("dave"), forwardedFor: "10.1.2.3");

        Assert.Equal(("us-east-1", "lowest measured latency (40 ms)"), (hinted.Region.Name, hinted.Region.Reason));
        Assert.Equal("eu-central-1", ipv6.Region.Name);
        Assert.Equal("ap-southeast-2", mapped.Region.Name);
        Assert.Equal(("us-east-1", "the configured default region"), (privateAddress.Region.Name, privateAddress.Region.Reason));
    }

    [Fact]
    public async Task A_user_whose_volume_is_in_eu_west_1_lands_there_whatever_their_address_and_cannot_ask_for_elsewhere()
    {
        var app = StartForge(services: s => s.AddScoped<IUserVolumeRegions>(_ => new FixedVolumeRegion("alice", "eu-west-1")));
        var alice = await app.ClientForAsync("alice");

        var created = await CreateFromAsync(alice, forwardedFor: Sydney);
        using var elsewhere = Request(new { blueprint = "backend", operatingSystem = "linux", region = "us-west-2" });
        var conflict = await alice.SendAsync(elsewhere);
        using var unknown = Request(new { blueprint = "backend", operatingSystem = "linux", region = "mars-north-1" });
        var invalid = await alice.SendAsync(unknown);

        Assert.Equal(("eu-west-1", "where your user volume is (eu-west-1)"), (created.Region.Name, created.Region.Reason));
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("user volume is in eu-west-1", (await conflict.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, invalid.StatusCode);
        var choices = (await invalid.ProblemAsync()).GetProperty("errors").GetProperty("region")[0].GetString();
        Assert.Contains("ap-northeast-1, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-west-1, eu-west-2, sa-east-1, us-east-1, us-west-2",
            choices, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_disabled_region_is_refused_and_is_not_listed()
    {
        var app = StartForge(new() { ["Regions:Available:eu-central-1:Enabled"] = "false" });
        var alice = await app.ClientForAsync("alice");

        using var asked = Request(new { blueprint = "backend", operatingSystem = "linux", region = "eu-central-1" });
        var refused = await alice.SendAsync(asked);
        var fromFrankfurt = await CreateFromAsync(alice, forwardedFor: Frankfurt);
        var listed = await alice.GetFromJsonAsync<List<RegionView>>("/api/v1/regions", ApiClient.Json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("disabled", (await refused.ProblemAsync()).GetProperty("errors").GetProperty("region")[0].GetString(), StringComparison.Ordinal);
        Assert.NotEqual("eu-central-1", fromFrankfurt.Region.Name);
        Assert.DoesNotContain(listed!, r => r.Name == "eu-central-1");
    }

    [Fact]
    public async Task Without_the_geolocation_databases_Forge_starts_and_uses_the_default()
    {
        var app = StartForge(new() { ["GeoIp:Ipv4Database"] = "/nonexistent/v4.mmdb", ["GeoIp:Ipv6Database"] = "/nonexistent/v6.mmdb" });
        var alice = await app.ClientForAsync("alice");

        var created = await CreateFromAsync(alice, forwardedFor: Sydney);

        Assert.Equal("us-east-1", created.Region.Name);
    }

    private static async Task<Forge.Api.Workspaces.WorkspaceView> CreateFromAsync(HttpClient client, string? forwardedFor = null, string? peer = null, object? body = null)
    {
        using var request = Request(body ?? new { blueprint = "backend", operatingSystem = "linux" });
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (peer is not null)
        {
            request.Headers.Add(TestPeerAddress.Header, peer);
        }

        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Forge.Api.Workspaces.WorkspaceView>(ApiClient.Json))!;
    }

    private static HttpRequestMessage Request(object body) => new(HttpMethod.Post, "/api/v1/workspaces") { Content = JsonContent.Create(body) };

    private sealed class FixedVolumeRegion(string owner, string region) : IUserVolumeRegions
    {
        public Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken) =>
            Task.FromResult(ownerId == owner ? region : null);
    }
}

public sealed class RegionSelectionTestsOnSqlite : RegionSelectionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}
