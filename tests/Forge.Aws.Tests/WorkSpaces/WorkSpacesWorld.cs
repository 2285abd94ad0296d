using Forge.Aws.Tests.Conformance;
using Forge.Aws.WorkSpaces;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.WorkSpaces;

/// <summary>
/// A local cloud on a fake clock with a <see cref="WorkSpacesClient"/> pointed at it, the seeded
/// directory and a bundle of the default region, and the control surface for acting as a user. It stands
/// on a <see cref="LocalCloudTestHost"/>: every request is judged against the official model, and
/// disposing the world fails the test on any violation.
/// </summary>
public sealed class WorkSpacesWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private WorkSpacesWorld(LocalCloudTestHost host)
    {
        Host = host;
        Client = new WorkSpacesClient(host.Aws);
        Control = new HttpClient { BaseAddress = host.Cloud.BaseAddress };
    }

    public static TimeSpan BuildTime { get; } = TimeSpan.FromMinutes(20);

    public static TimeSpan TransitionTime { get; } = TimeSpan.FromMinutes(1);

    public static TimeSpan ConsistencyDelay { get; } = TimeSpan.FromSeconds(2);

    public LocalCloudTestHost Host { get; }

    public FakeTimeProvider Clock => Host.Time;

    public RunningLocalCloud Cloud => Host.Cloud;

    public WorkSpacesClient Client { get; }

    public HttpClient Control { get; }

    public static string DirectoryId { get; } = SeedInventory.For(Region).DirectoryId;

    public static async Task<WorkSpacesWorld> StartAsync() => new(await LocalCloudTestHost.StartAsync(
        new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero),
        o =>
        {
            o.WorkspaceBuildTime = BuildTime;
            o.WorkspaceTransitionTime = TransitionTime;
            o.ConsistencyDelay = ConsistencyDelay;
            o.RandomSeed = 11;
        },
        // The fewest retries Polly accepts (only transient errors retry); the host lifts the rate limit.
        o =>
        {
            o.DefaultRegion = Region;
            o.Resilience.MaxRetryAttempts = 1;
        }));

    public async Task<string> BundleIdAsync(string name = "Standard with Amazon Linux 2")
    {
        var bundles = await Client.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" });
        return bundles.Bundles.Single(b => b.Name == name).BundleId!;
    }

    public static WorkspaceRequest Request(string userName, string bundleId, string runningMode = RunningMode.AutoStop) => new()
    {
        DirectoryId = DirectoryId,
        UserName = userName,
        BundleId = bundleId,
        WorkspaceProperties = new WorkspaceProperties { RunningMode = runningMode },
    };

    /// <summary>Creates WorkSpaces in calls of 25 and waits out the build: they are AVAILABLE and visible.</summary>
    public async Task<List<string>> CreateAvailableAsync(int count, string runningMode = RunningMode.AutoStop, string prefix = "dev")
    {
        var bundleId = await BundleIdAsync();
        var ids = new List<string>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(WorkSpacesLimits.MaxBatchSize))
        {
            var result = await Client.CreateWorkspacesAsync(new CreateWorkspacesRequest
            {
                Workspaces = [.. batch.Select(i => Request($"{prefix}{i}", bundleId, runningMode))],
            });
            Assert.Empty(result.FailedRequests);
            ids.AddRange(result.PendingRequests.Select(w => w.WorkspaceId!));
        }

        Clock.Advance(BuildTime);
        return ids;
    }

    public async Task<Workspace?> DescribeAsync(string workspaceId) =>
        (await Client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { WorkspaceIds = [workspaceId] })).Workspaces.SingleOrDefault();

    public async Task<string?> StateAsync(string workspaceId) => (await DescribeAsync(workspaceId))?.State;

    public async Task<WorkspaceConnectionStatus> ConnectionAsync(string workspaceId) =>
        (await Client.DescribeWorkspacesConnectionStatusAsync(new DescribeWorkspacesConnectionStatusRequest { WorkspaceIds = [workspaceId] }))
            .WorkspacesConnectionStatus.Single();

    public async Task<HttpResponseMessage> UserAsync(string workspaceId, string action) =>
        await Control.PostAsync(new Uri($"_localcloud/machines/{workspaceId}/{action}", UriKind.Relative), null);

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Host.DisposeAsync();
    }
}
