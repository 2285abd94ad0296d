using System.Diagnostics.Metrics;
using OpenTelemetry.Metrics;

namespace Forge.Api.Monitoring;

/// <summary>Forge's one meter. Instrument names follow <c>forge.&lt;capability&gt;.&lt;what&gt;</c>.</summary>
public sealed class ForgeMetrics
{
    public const string MeterName = "Forge";
    public const string ProvisioningDuration = "forge.workspace.provisioning.duration";
    public const string JobRunDuration = "forge.jobs.run.duration";

    /// <summary>Bucket bounds in seconds, dense around the 5-minute SLA.</summary>
    public static readonly double[] ProvisioningBuckets = [30, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2400, 3600];

    private readonly Histogram<double> _jobRuns;

    public ForgeMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _jobRuns = meter.CreateHistogram<double>(JobRunDuration, "s", "One run of a durable job, by kind and outcome.");
    }

    public void JobRan(string kind, string outcome, TimeSpan elapsed) =>
        _jobRuns.Record(elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("kind", kind),
            new KeyValuePair<string, object?>("outcome", outcome));
}

public static class MonitoringExtensions
{
    /// <summary>Metrics through OpenTelemetry, scraped by Prometheus at <c>/metrics</c>.</summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<ForgeMetrics>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(ForgeMetrics.MeterName)
            .AddView(ForgeMetrics.ProvisioningDuration, new ExplicitBucketHistogramConfiguration { Boundaries = ForgeMetrics.ProvisioningBuckets })
            .AddPrometheusExporter(o => o.ScrapeResponseCacheDurationMilliseconds = 0));
        return services;
    }

    public static IEndpointRouteBuilder MapMonitoring(this IEndpointRouteBuilder app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").WithMetadata(Platform.ManagementEndpoint.Instance);
        return app;
    }
}
