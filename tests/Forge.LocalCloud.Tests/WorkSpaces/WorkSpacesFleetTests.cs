using System.Diagnostics;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Hosting;
using static Forge.LocalCloud.Tests.WorkSpaces.WorkSpacesEmulator;

namespace Forge.LocalCloud.Tests.WorkSpaces;

public sealed class WorkSpacesFleetTests : IAsyncLifetime
{
    private WorkSpacesEmulator _cloud = null!;

    public async Task InitializeAsync() => _cloud = await StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Every_configured_region_has_its_own_directory_and_bundles()
    {
        var west = await _cloud.CallAsync("DescribeWorkspaceDirectories", [], "us-west-2");
        var directory = Assert.Single(west["Directories"]!.AsArray())!;
        Assert.Equal(SeedInventory.For("us-west-2").DirectoryId, (string?)directory["DirectoryId"]);
        Assert.Equal(SeedInventory.For("us-west-2").RegistrationCode, (string?)directory["RegistrationCode"]);
        Assert.NotEqual(await _cloud.BundleIdAsync(), await _cloud.BundleIdAsync(region: "eu-west-1"));
        await using (var restarted = await StartAsync())
        {
            // Public bundle ids are fixed per region, like AWS's: the same on every start.
            Assert.Equal(await _cloud.BundleIdAsync(), await restarted.BundleIdAsync());
        }

        var elsewhere = await _cloud.CallAsync("DescribeWorkspaceDirectories", [], "ap-south-1");
        Assert.Empty(elsewhere["Directories"]!.AsArray());
        var foreign = await _cloud.CallAsync("CreateWorkspaces",
            new JsonObject { ["Workspaces"] = new JsonArray(Request("u", await _cloud.BundleIdAsync())) }, "us-west-2");
        Assert.Equal("ResourceNotFoundException", (string?)foreign["FailedRequests"]![0]!["ErrorCode"]);
    }

    [Fact]
    public async Task Ten_thousand_WorkSpaces_page_by_25_quickly_and_completely()
    {
        var created = await _cloud.CreateAsync(10_000);
        _cloud.Clock.Advance(ConsistencyDelay);

        var seen = new List<string>(created.Count);
        var watch = Stopwatch.StartNew();
        string? token = null;
        do
        {
            var input = new JsonObject { ["DirectoryId"] = DirectoryId, ["Limit"] = 25 };
            if (token is not null)
            {
                input["NextToken"] = token;
            }

            var page = await _cloud.CallAsync("DescribeWorkspaces", input);
            var workspaces = page["Workspaces"]!.AsArray();
            Assert.InRange(workspaces.Count, 1, 25);
            seen.AddRange(workspaces.Select(w => (string)w!["WorkspaceId"]!));
            token = (string?)page["NextToken"];
        }
        while (token is not null);
        watch.Stop();

        Assert.Equal(created, seen);
        // 400 pages; a listing that rescans the fleet per page takes far longer on a shared machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(20), $"Paging took {watch.Elapsed}.");
    }
}
