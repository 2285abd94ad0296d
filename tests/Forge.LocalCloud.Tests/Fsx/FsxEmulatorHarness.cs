using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.Fsx;

/// <summary>
/// A local cloud on a fake clock, called with raw JSON bodies (so tests can send what a typed client
/// never would) over signed HTTP; keeps the last answer's body to look at error members.
/// </summary>
#pragma warning disable CA1001 // The handler is disposed in DisposeAsync, which xUnit calls after every test.
public sealed class FsxEmulatorHarness : IAsyncLifetime
#pragma warning restore CA1001
{
    private readonly CapturingHandler _handler = new();
    private AwsClientFactory _factory = null!;

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    public RunningLocalCloud Cloud { get; private set; } = null!;

    public RegionInventory UsEast1 { get; } = SeedInventory.For("us-east-1");

    /// <summary>The JSON body of the last answer, success or error.</summary>
    public JsonObject LastBody => JsonNode.Parse(_handler.LastBody)!.AsObject();

    public async Task InitializeAsync()
    {
        Cloud = await LocalCloudServer.StartAsync(Clock, o => o.VolumeCreateTime = TimeSpan.FromMinutes(2));
        _factory = AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = Cloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock, _handler);
    }

    public async Task DisposeAsync()
    {
        await Cloud.DisposeAsync();
        _handler.Dispose();
    }

    public async Task<JsonElement> CallAsync(AwsService service, string operation, JsonObject input, string region = "us-east-1") =>
        await _factory.Json(service).InvokeAsync<JsonObject, JsonElement>(operation, input, region, CancellationToken.None);

    public Task<JsonElement> FsxAsync(string operation, JsonObject input, string region = "us-east-1") =>
        CallAsync(AwsServices.Fsx, operation, input, region);

    /// <summary>Calls FSx expecting an error; returns its code.</summary>
    public async Task<string> FsxErrorAsync(string operation, JsonObject input, string region = "us-east-1") =>
        (await Assert.ThrowsAsync<AwsServiceException>(() => FsxAsync(operation, input, region))).ErrorCode;

    /// <summary>A valid CreateVolume body for the seeded SVM; tests change one thing in it.</summary>
    public JsonObject Volume(string name) => new()
    {
        ["VolumeType"] = "ONTAP",
        ["Name"] = name,
        ["OntapConfiguration"] = new JsonObject
        {
            ["StorageVirtualMachineId"] = UsEast1.StorageVirtualMachineId,
            ["JunctionPath"] = "/" + name,
            ["SizeInMegabytes"] = 1024,
            ["StorageEfficiencyEnabled"] = true,
        },
    };

    public async Task<string> CreateAsync(JsonObject input) =>
        (await FsxAsync("CreateVolume", input)).GetProperty("Volume").GetProperty("VolumeId").GetString()!;

    private sealed class CapturingHandler : DelegatingHandler
    {
        public CapturingHandler() : base(new HttpClientHandler())
        {
        }

        public string LastBody { get; private set; } = "{}";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            LastBody = await response.Content.ReadAsStringAsync(cancellationToken);
            return response;
        }
    }
}
