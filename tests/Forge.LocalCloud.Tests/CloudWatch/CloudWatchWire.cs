using System.Net.Http.Headers;
using Forge.Aws;
using Forge.Aws.Signing;
using Forge.LocalCloud.CloudWatch;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.CloudWatch;

/// <summary>A local cloud on a fake clock and raw SigV4-signed requests to it, in any of CloudWatch's protocols.</summary>
internal sealed class CloudWatchWire : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private static readonly AwsCredentials Credentials = new("forge-local", "forge-local-secret");

    private readonly HttpClient _http = new();

    private CloudWatchWire(RunningLocalCloud cloud, FakeTimeProvider clock)
    {
        Cloud = cloud;
        Clock = clock;
    }

    public RunningLocalCloud Cloud { get; }

    public FakeTimeProvider Clock { get; }

    public MetricStore Store => Cloud.Services.GetRequiredService<MetricStore>();

    public static async Task<CloudWatchWire> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        return new CloudWatchWire(await LocalCloudServer.StartAsync(clock), clock);
    }

    /// <summary>awsJson 1.0 with the header query-compatible clients add.</summary>
    public Task<HttpResponseMessage> JsonAsync(string json, string region = "us-east-1") =>
        SendAsync("/", System.Text.Encoding.UTF8.GetBytes(json), "application/x-amz-json-1.0", region,
            ("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData"), ("x-amzn-query-mode", "true"));

    public Task<HttpResponseMessage> QueryAsync(string form, string region = "us-east-1") =>
        SendAsync("/", System.Text.Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded; charset=utf-8", region);

    public Task<HttpResponseMessage> CborAsync(byte[] body, string region = "us-east-1", string operation = "PutMetricData") =>
        SendAsync($"/service/GraniteServiceVersion20100801/operation/{operation}", body, "application/cbor", region,
            ("smithy-protocol", "rpc-v2-cbor"), ("Accept", "application/cbor"), ("x-amzn-query-mode", "true"));

    public async Task<HttpResponseMessage> SendAsync(string path, byte[] body, string contentType, string region,
        params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Cloud.BaseAddress, path));
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        foreach (var (name, value) in headers)
        {
            if (name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                request.Content.Headers.TryAddWithoutValidation(name, value);
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        SigV4Signer.Sign(request, body, Credentials, region, "monitoring", Clock.GetUtcNow());
        return await _http.SendAsync(request);
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(new Uri(Cloud.BaseAddress, pathAndQuery));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Cloud.DisposeAsync();
    }
}
