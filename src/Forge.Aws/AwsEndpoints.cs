namespace Forge.Aws;

/// <summary>Where each service lives in each region, or the single override URL of the local cloud.</summary>
public sealed class AwsEndpoints(Uri? serviceUrl)
{
    public bool IsOverridden => serviceUrl is not null;

    public Uri Resolve(AwsService service, string region)
    {
        ArgumentNullException.ThrowIfNull(service);
        if (serviceUrl is not null)
        {
            return serviceUrl;
        }

        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        return new Uri($"https://{service.EndpointPrefix}.{region}.{suffix}/");
    }
}
