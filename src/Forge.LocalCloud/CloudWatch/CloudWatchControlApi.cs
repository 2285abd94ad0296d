namespace Forge.LocalCloud.CloudWatch;

/// <summary><c>GET /_localcloud/cloudwatch/metrics?namespace=..&amp;metricName=..&amp;region=..</c>: what PutMetricData stored.</summary>
public static class CloudWatchControlApi
{
    public static IEndpointRouteBuilder MapCloudWatchControl(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Control.ControlApi.Prefix + "/cloudwatch/metrics",
                (string? @namespace, string? metricName, string? region, MetricStore store) =>
                    Results.Ok(new { metrics = store.Find(region, @namespace, metricName) }))
            .AddEndpointFilter(LoopbackOnly.Filter);
        return endpoints;
    }
}

/// <summary>The control surface answers only callers on this machine, like the rest of <c>/_localcloud</c>.</summary>
public static class LoopbackOnly
{
    public static async ValueTask<object?> Filter(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var remote = context.HttpContext.Connection.RemoteIpAddress;
        return remote is null || System.Net.IPAddress.IsLoopback(remote)
            ? await next(context).ConfigureAwait(false)
            : Results.NotFound();
    }
}
