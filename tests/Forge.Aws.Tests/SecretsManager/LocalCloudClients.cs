using Forge.Aws.SecretsManager;
using Forge.Aws.Ssm;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.SecretsManager;

/// <summary>
/// Forge's Secrets Manager and SSM clients against a local cloud on a fake clock, standing on a
/// <see cref="LocalCloudTestHost"/>: every request, the SSM SDK's included, is judged against the
/// official model and disposing fails the test on a violation. Calls that may retry go through
/// <see cref="RunAsync{T}"/> so the backoff passes in virtual time.
/// </summary>
public sealed class LocalCloudClients : IAsyncDisposable
{
    private LocalCloudClients(LocalCloudTestHost host)
    {
        Host = host;
        Secrets = new SecretsManagerClient(host.Aws);
        Ssm = new SsmClient(host.Aws);
    }

    public LocalCloudTestHost Host { get; }

    public RunningLocalCloud Cloud => Host.Cloud;

    public FakeTimeProvider Clock => Host.Time;

    public AwsClientFactory Factory => Host.Aws;

    public SecretsManagerClient Secrets { get; }

    public SsmClient Ssm { get; }

    public static async Task<LocalCloudClients> StartAsync(Action<LocalCloudOptions>? configure = null, int maxRetryAttempts = 1) =>
        new(await LocalCloudTestHost.StartAsync(cloud: configure, aws: options => options.Resilience.MaxRetryAttempts = maxRetryAttempts));

    public Task<T> RunAsync<T>(Func<Task<T>> operation) => Host.RunAsync(operation);

    public async ValueTask DisposeAsync()
    {
        Ssm.Dispose();
        await Host.DisposeAsync();
    }
}
