namespace Forge.LocalCloud.CloudWatch;

/// <summary><c>GET /_localcloud/cloudwatch/metrics?namespace=..&amp;metricName=..&amp;region=..</c>: what PutMetricData stored.</summary>
public static class CloudWatchControlApi
{
    public static IEndpointRouteBuilder MapCloudWatchControl(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Control.ControlApi.Prefix + "/cloudwatch/metrics",
                (string? @namespace, string? metricName, string? region, MetricStore store) =>
                    Results.Ok(new { metrics = store.Find(region, @namespace, metricName) }));
        return endpoints;
    }
}
