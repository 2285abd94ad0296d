using Forge.Aws.SecretsManager;
using Forge.Aws.Ssm;
using Forge.LocalCloud;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.SecretsManager;

/// <summary>
/// Forge's clients against a local cloud on a fake clock. The clients' own pipelines run on the real
/// clock with millisecond backoff, so a retry does not wait for the test to move time.
/// </summary>
public sealed class LocalCloudClients : IAsyncDisposable
{
    private LocalCloudClients(RunningLocalCloud cloud, FakeTimeProvider clock, AwsClientFactory factory)
    {
        Cloud = cloud;
        Clock = clock;
        Factory = factory;
        Secrets = new SecretsManagerClient(factory);
        Ssm = new SsmClient(factory);
    }

    public RunningLocalCloud Cloud { get; }

    public FakeTimeProvider Clock { get; }

    public AwsClientFactory Factory { get; }

    public SecretsManagerClient Secrets { get; }

    public SsmClient Ssm { get; }

    public static async Task<LocalCloudClients> StartAsync(Action<LocalCloudOptions>? configure = null, int maxRetryAttempts = 1)
    {
        // Near real time: requests are signed with the wall clock and the local cloud checks the skew.
        var clock = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var cloud = await LocalCloudServer.StartAsync(clock, configure);
        var options = new AwsOptions
        {
            ServiceUrl = cloud.BaseAddress,
            AccessKeyId = LocalCloudDefaults.AccessKeyId,
            SecretAccessKey = LocalCloudDefaults.SecretAccessKey,
        };
        options.Resilience.MaxRetryAttempts = maxRetryAttempts;
        options.Resilience.RetryBaseDelay = TimeSpan.FromMilliseconds(1);
        options.Resilience.RetryMaxDelay = TimeSpan.FromMilliseconds(5);
        return new LocalCloudClients(cloud, clock, AwsClientFactory.Create(options, TimeProvider.System));
    }

    public async ValueTask DisposeAsync()
    {
        Ssm.Dispose();
        await Cloud.DisposeAsync();
    }
}
