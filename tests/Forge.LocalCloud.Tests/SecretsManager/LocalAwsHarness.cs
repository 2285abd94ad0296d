using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Forge.Aws;
using Forge.LocalCloud;
using Forge.LocalCloud.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.SecretsManager;

/// <summary>
/// A local cloud on a free loopback port with a fake clock, and a signed awsJson caller for raw
/// requests: tests see exactly the JSON the emulator answers.
/// </summary>
public sealed class LocalAwsHarness : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AwsClientFactory _factory;

    private LocalAwsHarness(WebApplication app, Uri baseAddress, FakeTimeProvider clock)
    {
        _app = app;
        Clock = clock;
        BaseAddress = baseAddress;
        var options = new AwsOptions
        {
            ServiceUrl = baseAddress,
            AccessKeyId = LocalCloudDefaults.AccessKeyId,
            SecretAccessKey = LocalCloudDefaults.SecretAccessKey,
        };
        // Plenty of rate on the fake clock, which only moves when a test says so.
        options.Resilience.RequestsPerSecond.Clear();
        options.Resilience.DefaultRequestsPerSecond = 10_000;
        _factory = AwsClientFactory.Create(options, clock);
    }

    public FakeTimeProvider Clock { get; }

    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a local cloud; <paramref name="services"/> adds registrations (document handlers).</summary>
    public static async Task<LocalAwsHarness> StartAsync(Action<IServiceCollection>? services = null)
    {
        // Near real time: the AWS SDK signs with the wall clock and the local cloud checks the skew.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var builder = WebApplication.CreateSlimBuilder(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        builder.Services.AddLocalCloud(builder.Configuration, clock);
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapLocalCloud();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new LocalAwsHarness(app, new Uri(address + "/"), clock);
    }

    public async Task<JsonObject> CallAsync(AwsService service, string operation, JsonObject input, string region = "us-east-1")
    {
        var answer = await _factory.Json(service).InvokeAsync<JsonObject, RawAnswer>(operation, input, region, CancellationToken.None);
        return JsonSerializer.SerializeToNode(answer.Members ?? [])!.AsObject();
    }

    public async Task<AwsServiceException> ErrorAsync(AwsService service, string operation, JsonObject input, string region = "us-east-1") =>
        await Assert.ThrowsAsync<AwsServiceException>(() => CallAsync(service, operation, input, region));

    /// <summary>Whatever members the answer has, untyped.</summary>
    public sealed class RawAnswer
    {
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Members { get; set; }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
