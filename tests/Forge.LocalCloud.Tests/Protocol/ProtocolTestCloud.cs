using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.Aws.Signing;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Models;
using Forge.LocalCloud.Protocol;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.Protocol;

/// <summary>
/// A local cloud started on a free loopback port exactly as <see cref="LocalCloudServer"/> builds it, plus
/// <see cref="EchoService"/> stubs under test-only target prefixes: the front door (signature, routing,
/// body limits, model validation) is exercised over real HTTP whether or not the real services are merged.
/// Requests are raw and signed with <see cref="SigV4Signer"/>, so a test can break any part of them.
/// </summary>
internal sealed class ProtocolTestCloud : IAsyncDisposable
{
    public static readonly AwsCredentials Credentials = new(LocalCloudDefaults.AccessKeyId, LocalCloudDefaults.SecretAccessKey);

    private readonly WebApplication _app;

    private ProtocolTestCloud(WebApplication app, Uri baseAddress, FakeTimeProvider time)
    {
        _app = app;
        BaseAddress = baseAddress;
        Time = time;
        Http = new HttpClient { BaseAddress = baseAddress };
    }

    public Uri BaseAddress { get; }

    public FakeTimeProvider Time { get; }

    public HttpClient Http { get; }

    public static async Task<ProtocolTestCloud> StartAsync(params ILocalService[] stubs)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"],
            ApplicationName = typeof(LocalCloudServer).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddLocalCloud(builder.Configuration, time);
        foreach (var stub in stubs)
        {
            builder.Services.AddSingleton(stub);
        }

        var app = builder.Build();
        app.MapLocalCloud();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ProtocolTestCloud(app, new Uri(address.TrimEnd('/') + "/"), time);
    }

    /// <summary>A signed awsJson request; <paramref name="signedAt"/> and <paramref name="credentials"/> default to now and the local cloud's keys.</summary>
    public HttpRequestMessage Json(AwsService service, string operation, byte[] body, AwsCredentials? credentials = null, DateTimeOffset? signedAt = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, BaseAddress) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(service.JsonContentType);
        request.Headers.TryAddWithoutValidation("X-Amz-Target", $"{service.TargetPrefix}.{operation}");
        SigV4Signer.Sign(request, body, credentials ?? Credentials, "us-east-1", service.SigningName, signedAt ?? Time.GetUtcNow());
        return request;
    }

    public HttpRequestMessage Json(AwsService service, string operation, string body, AwsCredentials? credentials = null, DateTimeOffset? signedAt = null) =>
        Json(service, operation, System.Text.Encoding.UTF8.GetBytes(body), credentials, signedAt);

    /// <summary>A signed restJson1 request to <paramref name="pathAndQuery"/> with a JSON body.</summary>
    public HttpRequestMessage RestJson(AwsService service, string pathAndQuery, string body, HttpMethod? method = null)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(body);
        var request = new HttpRequestMessage(method ?? HttpMethod.Post, new Uri(BaseAddress, pathAndQuery)) { Content = new ByteArrayContent(bytes) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json");
        SigV4Signer.Sign(request, bytes, Credentials, "us-east-1", service.SigningName, Time.GetUtcNow());
        return request;
    }

    /// <summary>A signed awsQuery request (form body, signing name picks the service).</summary>
    public HttpRequestMessage Query(AwsService service, string form, AwsCredentials? credentials = null)
    {
        var body = System.Text.Encoding.UTF8.GetBytes(form);
        var request = new HttpRequestMessage(HttpMethod.Post, BaseAddress) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        SigV4Signer.Sign(request, body, credentials ?? Credentials, "us-east-1", service.SigningName, Time.GetUtcNow());
        return request;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>
/// A stand-in JSON service: knows the operations of <paramref name="service"/>'s model, answers each with
/// its input under <c>Echo</c>, and counts calls, so a test sees whether a request got past the front door.
/// </summary>
internal sealed class EchoService(AwsService service) : IJsonLocalService
{
    private int _calls;

    /// <summary>A stub under a test-only target prefix: never shadowed by, nor shadowing, the real service.</summary>
    public static EchoService For(AwsService real) => new(real with { TargetPrefix = "ForgeStub_" + real.TargetPrefix });

    public AwsService Service => service;

    public int Calls => Volatile.Read(ref _calls);

    public bool HasOperation(string operation) => ServiceModel.For(service)?.HasOperation(operation) == true;

    public ValueTask<JsonObject?> InvokeAsync(string operation, JsonObject input, LocalRequestContext context, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        return ValueTask.FromResult<JsonObject?>(new JsonObject { ["Echo"] = input.DeepClone() });
    }
}
