using Forge.LocalCloud.CloudWatch;

namespace Forge.LocalCloud.Sns;

/// <summary><c>GET /_localcloud/sns/messages?topicArn=..&amp;region=..</c>: what Publish accepted.</summary>
public static class SnsControlApi
{
    public static IEndpointRouteBuilder MapSnsControl(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(Control.ControlApi.Prefix + "/sns/messages",
                (string? topicArn, string? region, SnsMessageStore store) => Results.Ok(new { messages = store.Find(topicArn, region) }));
        return endpoints;
    }
}
