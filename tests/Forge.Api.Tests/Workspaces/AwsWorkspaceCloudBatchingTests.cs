extern alias localcloud;
using Forge.Api.Cloud;
using Forge.Api.Tests.Support;
using Forge.Aws;
using Forge.Aws.WorkSpaces;
using localcloud::Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// Requests' own creates and starts through <see cref="AwsWorkspaceCloud"/> against the local cloud: 25 callers
/// of one region arriving together share one call (a full one goes at once, so the test needs no clock
/// coordination with callers still on their way), and each caller gets its own WorkSpace or its own refusal.
/// </summary>
public sealed class AwsWorkspaceCloudBatchingTests : IAsyncLifetime
{
    private const string Region = "ap-south-1";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CloudRecorder _recorder = new();
    private RunningLocalCloud? _cloud;
    private WorkSpacesClient? _client;

    public async Task InitializeAsync()
    {
        _cloud = await LocalCloudServer.StartAsync(_clock);
        var handler = _recorder.Handler();
        handler.InnerHandler = new HttpClientHandler();
        var options = new AwsOptions { ServiceUrl = _cloud.BaseAddress, AccessKeyId = "forge-local", SecretAccessKey = "forge-local-secret" };
        options.Resilience.RequestsPerSecond["workspaces"] = 1000; // the rate is not under test; 50 describes must not wait on it
        // The client's pipeline on real time (its limiter and retries must not wait on a clock nobody advances).
        _client = new WorkSpacesClient(AwsClientFactory.Create(options, TimeProvider.System, handler));
    }

    public async Task DisposeAsync()
    {
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }
    }

    private static WorkspaceSpec Spec(int i) => new(Guid.NewGuid(), Region, SeedInventory.For(Region).DirectoryId, $"dev{i:00}",
        "Standard with Amazon Linux 2", "linux", "backend");

    [Fact]
    public async Task Twenty_five_on_demand_creates_of_a_region_go_in_one_call_and_each_caller_gets_its_own_workspace()
    {
        var cloud = new AwsWorkspaceCloud(_client!, _clock);
        var specs = Enumerable.Range(0, 25).Select(Spec).ToList();

        var created = await Task.WhenAll(specs.Select(s => cloud.EnsureCreatedAsync(s, CancellationToken.None)));

        Assert.Equal([25], _recorder.CreateBatches);
        Assert.Equal(25, created.Select(w => w.WorkspaceId).Distinct().Count());
        foreach (var (spec, workspace) in specs.Zip(created))
        {
            // Each caller's WorkSpace is the one made for its own spec (its tag), for its own directory user.
            var tags = await cloud.TagsAsync(workspace.WorkspaceId, Region, CancellationToken.None);
            Assert.Equal(spec.ForgeId.ToString(), tags[AwsWorkspaceCloud.ForgeIdTag]);
            Assert.Equal(1, _recorder.CreateCalls(spec.ForgeId));
        }
    }

    [Fact]
    public async Task Twenty_five_starts_of_a_region_go_in_one_call_and_only_the_refused_one_fails()
    {
        var cloud = new AwsWorkspaceCloud(_client!, _clock);
        var bundleId = await BundleIdAsync();
        var made = await _client!.CreateWorkspacesAsync(new CreateWorkspacesRequest
        {
            Workspaces = [.. Enumerable.Range(0, 25).Select(i => new WorkspaceRequest
            {
                DirectoryId = SeedInventory.For(Region).DirectoryId, UserName = $"dev{i:00}", BundleId = bundleId,
                WorkspaceProperties = new WorkspaceProperties { RunningMode = RunningMode.AutoStop },
            })],
        }, Region);
        var ids = made.PendingRequests!.Select(w => w.WorkspaceId!).ToList();
        _clock.Advance(TimeSpan.FromMinutes(21));
        await _client.StopWorkspacesAsync(new StopWorkspacesRequest { StopWorkspaceRequests = [.. ids.Skip(1).Select(id => new StopRequest { WorkspaceId = id })] }, Region);
        _clock.Advance(TimeSpan.FromMinutes(2));
        var before = _recorder.Calls("WorkspacesService.StartWorkspaces");

        // The first is still running: StartWorkspaces refuses it alone (a FailedRequests entry); the 24 stopped start.
        var starts = ids.Select(id => cloud.StartAsync(id, Region, CancellationToken.None)).ToList();
        var refused = await Assert.ThrowsAsync<WorkspaceCloudException>(() => starts[0]);
        await Task.WhenAll(starts.Skip(1));

        Assert.Equal(1, _recorder.Calls("WorkspacesService.StartWorkspaces") - before);
        Assert.Contains("StartWorkspaces refused the request", refused.Message, StringComparison.Ordinal);
        var states = await cloud.DescribeManyAsync(ids, Region, CancellationToken.None);
        Assert.Equal(WorkspaceState.Available, states.Single(w => w.WorkspaceId == ids[0]).State);
        Assert.All(states.Where(w => w.WorkspaceId != ids[0]), w => Assert.Equal(WorkspaceState.Starting, w.State));
    }

    private async Task<string> BundleIdAsync()
    {
        var bundles = await _client!.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" }, Region);
        return bundles.Bundles.First(b => b.Name == "Standard with Amazon Linux 2").BundleId!;
    }
}
