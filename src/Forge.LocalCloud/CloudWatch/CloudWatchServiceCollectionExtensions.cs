using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.CloudWatch;

public static class CloudWatchServiceCollectionExtensions
{
    /// <summary>Registers the emulated CloudWatch (PutMetricData over JSON 1.0, Query and CBOR) and its <see cref="MetricStore"/>.</summary>
    public static IServiceCollection AddLocalCloudWatch(this IServiceCollection services)
    {
        services.AddSingleton<MetricStore>();
        services.AddSingleton<LocalCloudWatchService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<LocalCloudWatchService>());
        return services;
    }
}
