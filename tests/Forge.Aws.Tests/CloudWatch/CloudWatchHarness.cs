using Forge.Aws.CloudWatch;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud.CloudWatch;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.CloudWatch;

/// <summary>
/// The CloudWatch client against a local cloud on a shared fake clock, counting the HTTP requests it
/// makes; on a <see cref="LocalCloudTestHost"/>, so every request is judged against the official model.
/// </summary>
internal sealed class CloudWatchHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 5, 4, 10, 0, 0, TimeSpan.Zero);

    private readonly LocalCloudTestHost _host;
    private readonly RequestCounter _counter;

    private CloudWatchHarness(LocalCloudTestHost host, RequestCounter counter)
    {
        _host = host;
        _counter = counter;
        Client = new CloudWatchClient(host.Aws);
    }

    public FakeTimeProvider Clock => _host.Time;

    public CloudWatchClient Client { get; }

    public MetricStore Store => _host.Cloud.Services.GetRequiredService<MetricStore>();

    /// <summary>Requests sent, with the size of each body.</summary>
    public IReadOnlyList<long> RequestSizes => _counter.Sizes;

    public static async Task<CloudWatchHarness> StartAsync()
    {
        var counter = new RequestCounter();
        return new CloudWatchHarness(await LocalCloudTestHost.StartAsync(Start, innerHandler: () => counter), counter);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
    }

    private sealed class RequestCounter() : DelegatingHandler(new SocketsHttpHandler())
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
