using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Forge.Aws;
using Forge.Aws.Protocols;
using Forge.Aws.Signing;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Sns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.Sns;

/// <summary>A local cloud on a fake clock and raw SigV4-signed awsQuery Publish calls to it.</summary>
internal sealed class SnsWire : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string TopicArn = "arn:aws:sns:us-east-1:000000000000:forge-events";

    public static readonly XNamespace Ns = "http://sns.amazonaws.com/doc/2010-03-31/";

    private readonly HttpClient _http = new();

    private SnsWire(RunningLocalCloud cloud, FakeTimeProvider clock)
    {
        Cloud = cloud;
        Clock = clock;
    }

    public RunningLocalCloud Cloud { get; }

    public FakeTimeProvider Clock { get; }

    public SnsMessageStore Store => Cloud.Services.GetRequiredService<SnsMessageStore>();

    public static async Task<SnsWire> StartAsync()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 8, 0, 0, TimeSpan.Zero));
        return new SnsWire(await LocalCloudServer.StartAsync(clock), clock);
    }

    /// <summary>Publish with the given parameters (Action and Version are added).</summary>
    public async Task<(HttpResponseMessage Response, XElement Xml)> PublishAsync(params (string Key, string Value)[] parameters)
    {
        var form = new List<KeyValuePair<string, string>> { new("Action", "Publish"), new("Version", "2010-03-31") };
        form.AddRange(parameters.Select(p => KeyValuePair.Create(p.Key, p.Value)));
        var body = Encoding.UTF8.GetBytes(AwsQueryClient.EncodeForm(form));
        using var request = new HttpRequestMessage(HttpMethod.Post, Cloud.BaseAddress);
        request.Content = new ByteArrayContent(body);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/x-www-form-urlencoded; charset=utf-8");
        SigV4Signer.Sign(request, body, new AwsCredentials("forge-local", "forge-local-secret"), Region, "sns", Clock.GetUtcNow());
        var response = await _http.SendAsync(request);
        return (response, XElement.Parse(await response.Content.ReadAsStringAsync()));
    }

    public Task<HttpResponseMessage> GetAsync(string pathAndQuery) => _http.GetAsync(new Uri(Cloud.BaseAddress, pathAndQuery));

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await Cloud.DisposeAsync();
    }
}
