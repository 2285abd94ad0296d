using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.Aws.Protocols;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.WorkSpaces;

/// <summary>
/// The local cloud on a fake clock, spoken to in raw signed JSON so that tests can send what a typed
/// client never would (wrong types, too many items, forged tokens).
/// </summary>
public sealed class WorkSpacesEmulator : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private readonly AwsJsonClient _json;

    private WorkSpacesEmulator(FakeTimeProvider clock, RunningLocalCloud cloud, AwsJsonClient json)
    {
        Clock = clock;
        Cloud = cloud;
        _json = json;
        Control = new HttpClient { BaseAddress = cloud.BaseAddress };
    }

    public static TimeSpan BuildTime { get; } = TimeSpan.FromMinutes(20);

    public static TimeSpan TransitionTime { get; } = TimeSpan.FromMinutes(1);

    public static TimeSpan ConsistencyDelay { get; } = TimeSpan.FromSeconds(2);

    public static string DirectoryId { get; } = SeedInventory.For(Region).DirectoryId;

    public FakeTimeProvider Clock { get; }

    public RunningLocalCloud Cloud { get; }

    public HttpClient Control { get; }

    public MachineRegistry Machines => Cloud.Services.GetRequiredService<MachineRegistry>();

    public static async Task<WorkSpacesEmulator> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 8, 0, 0, TimeSpan.Zero));
        var cloud = await LocalCloudServer.StartAsync(clock, o =>
        {
            o.WorkspaceBuildTime = BuildTime;
            o.WorkspaceTransitionTime = TransitionTime;
            o.ConsistencyDelay = ConsistencyDelay;
            o.Regions = [Region, "us-west-2", "eu-west-1"];
        });
        var options = new AwsOptions
        {
            DefaultRegion = Region,
            ServiceUrl = cloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        };
        options.Resilience.MaxRetryAttempts = 1;
        options.Resilience.RequestsPerSecond["workspaces"] = 100_000;
        return new WorkSpacesEmulator(clock, cloud, AwsClientFactory.Create(options, clock).Json(AwsServices.WorkSpaces));
    }

    public async Task<JsonObject> CallAsync(string operation, JsonObject input, string? region = null) =>
        (await _json.InvokeAsync<JsonObject, RawOutput>(operation, input, region, CancellationToken.None)).Members ?? [];

    /// <summary>Asserts the call fails with <paramref name="code"/> and HTTP 400.</summary>
    public async Task<AwsServiceException> FailsAsync(string operation, JsonObject input, string code, string? region = null)
    {
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync(operation, input, region));
        Assert.Equal(code, error.ErrorCode);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        return error;
    }

    public async Task<string> BundleIdAsync(string name = "Value with Ubuntu 22.04", string? region = null)
    {
        var bundles = await CallAsync("DescribeWorkspaceBundles", new JsonObject { ["Owner"] = "AMAZON" }, region);
        return bundles["Bundles"]!.AsArray().Single(b => (string?)b!["Name"] == name)!["BundleId"]!.GetValue<string>();
    }

    public static JsonObject Request(string userName, string bundleId, string runningMode = "AUTO_STOP") => new()
    {
        [nameof(DirectoryId)] = DirectoryId,
        ["UserName"] = userName,
        ["BundleId"] = bundleId,
        ["WorkspaceProperties"] = new JsonObject { ["RunningMode"] = runningMode },
    };

    /// <summary>Creates WorkSpaces 25 per call; returns their ids (still PENDING and not yet visible).</summary>
    public async Task<List<string>> CreateAsync(int count, string runningMode = "AUTO_STOP", string? bundleName = null)
    {
        var bundleId = await BundleIdAsync(bundleName ?? "Value with Ubuntu 22.04");
        var ids = new List<string>();
        foreach (var batch in Enumerable.Range(0, count).Chunk(25))
        {
            var result = await CallAsync("CreateWorkspaces", new JsonObject
            {
                ["Workspaces"] = new JsonArray([.. batch.Select(i => (JsonNode)Request($"user{i}", bundleId, runningMode))]),
            });
            Assert.Empty(result["FailedRequests"]!.AsArray());
            ids.AddRange(result["PendingRequests"]!.AsArray().Select(w => (string)w!["WorkspaceId"]!));
        }

        return ids;
    }

    public async Task<string> CreateAvailableAsync(string runningMode = "AUTO_STOP", string? bundleName = null)
    {
        var id = (await CreateAsync(1, runningMode, bundleName)).Single();
        Clock.Advance(BuildTime);
        return id;
    }

    public async Task<JsonObject?> DescribeAsync(string workspaceId)
    {
        var result = await CallAsync("DescribeWorkspaces", new JsonObject { ["WorkspaceIds"] = new JsonArray(workspaceId) });
        return result["Workspaces"]!.AsArray().SingleOrDefault()?.AsObject();
    }

    public async Task<string?> StateAsync(string workspaceId) => (string?)(await DescribeAsync(workspaceId))?["State"];

    public static JsonObject Batch(string listName, params string[] workspaceIds) => new()
    {
        [listName] = new JsonArray([.. workspaceIds.Select(id => (JsonNode)new JsonObject { ["WorkspaceId"] = id })]),
    };

    public async ValueTask DisposeAsync()
    {
        Control.Dispose();
        await Cloud.DisposeAsync();
    }
}

/// <summary>Any JSON output, kept as the tree the service answered.</summary>
public sealed class RawOutput
{
    [System.Text.Json.Serialization.JsonExtensionData]
    public JsonObject? Members { get; set; }
}
