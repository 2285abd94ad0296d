using Forge.Aws.CloudWatch;
using Forge.LocalCloud.CloudWatch;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.CloudWatch;

/// <summary>The CloudWatch client against a local cloud on a shared fake clock, counting the HTTP requests it makes.</summary>
internal sealed class CloudWatchHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly RunningLocalCloud _cloud;
    private readonly RequestCounter _counter;

    private CloudWatchHarness(RunningLocalCloud cloud, FakeTimeProvider clock, RequestCounter counter)
    {
        _cloud = cloud;
        _counter = counter;
        Clock = clock;
        Client = new CloudWatchClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = cloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, clock, counter));
    }

    public FakeTimeProvider Clock { get; }

    public CloudWatchClient Client { get; }

    public MetricStore Store => _cloud.Services.GetRequiredService<MetricStore>();

    /// <summary>Requests sent, with the size of each body.</summary>
    public IReadOnlyList<long> RequestSizes => _counter.Sizes;

    public static async Task<CloudWatchHarness> StartAsync()
    {
        var clock = new FakeTimeProvider(Start);
        return new CloudWatchHarness(await LocalCloudServer.StartAsync(clock), clock, new RequestCounter());
    }

    public async ValueTask DisposeAsync()
    {
        _counter.Dispose();
        await _cloud.DisposeAsync();
    }

    private sealed class RequestCounter() : DelegatingHandler(new HttpClientHandler())
    {
        private readonly List<long> _sizes = [];

        public IReadOnlyList<long> Sizes
        {
            get
            {
                lock (_sizes)
                {
                    return [.. _sizes];
                }
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var size = request.Content is null ? 0 : (await request.Content.ReadAsByteArrayAsync(cancellationToken)).Length;
            lock (_sizes)
            {
                _sizes.Add(size);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
