using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Forge.Api.Monitoring;

public static class ProvisioningMonitoringServiceCollectionExtensions
{
    /// <summary>The meter Polly's telemetry reports on (Forge.Aws's resilience pipelines).</summary>
    public const string PollyMeterName = "Polly";

    /// <summary>Provisioning records and measurements, the in-flight gauge and the CloudWatch publication.</summary>
    public static IServiceCollection AddProvisioningMonitoring(this IServiceCollection services)
    {
        services.AddOptions<SlaOptions>().BindConfiguration(SlaOptions.SectionName)
            .Validate(o => o.Target > TimeSpan.Zero, "Sla:Target must be positive.").ValidateOnStart();
        services.AddOptions<CloudWatchPublisherOptions>().BindConfiguration(CloudWatchPublisherOptions.SectionName)
            .Validate(o => o.Interval > TimeSpan.Zero && o.SettleTime >= TimeSpan.Zero, "Monitoring:CloudWatch:Interval must be positive and SettleTime not negative.")
            .Validate(o => o.MaxBacklog > TimeSpan.Zero && o.MaxBacklog <= TimeSpan.FromDays(14),
                "Monitoring:CloudWatch:MaxBacklog must be positive and at most 14 days (CloudWatch refuses older data).")
            .Validate(o => o.MaxRequestsPerPass >= 1, "Monitoring:CloudWatch:MaxRequestsPerPass must be at least 1.")
            .Validate(o => o.Namespace is { Length: >= 1 and <= 255 } && !o.Namespace.StartsWith(':') && !o.Namespace.StartsWith("AWS/", StringComparison.Ordinal),
                "Monitoring:CloudWatch:Namespace must be 1..255 characters, not starting with ':' or 'AWS/'.")
            .Validate(o => o.Dimensions.Count == o.Dimensions.Distinct(StringComparer.Ordinal).Count()
                && o.Dimensions.All(d => CloudWatchDatumBuilder.KnownDimensions.Contains(d)),
                "Monitoring:CloudWatch:Dimensions must be distinct names among Blueprint, Region, Path, Outcome.")
            .ValidateOnStart();
        services.AddSingleton<ProvisioningMetrics>();
        services.AddScoped<ProvisioningRecorder>();
        services.AddSingleton<CloudWatchPublisher>();
        services.AddHostedService<MonitoringHost>();
        // Polly's telemetry of the AWS pipelines: every attempt per service (pipeline) and operation, throttled or not.
        services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(PollyMeterName)
            .AddView(ProvisioningMetrics.StepDuration, new ExplicitBucketHistogramConfiguration { Boundaries = ProvisioningMetrics.StepBuckets }));
        return services;
    }
}
