using System.ComponentModel.DataAnnotations;

namespace Forge.Aws;

/// <summary>How Forge reaches AWS. Bound from the <c>Aws</c> configuration section.</summary>
public sealed class AwsOptions
{
    public const string SectionName = "Aws";

    /// <summary>The region used when a call names none. Default <c>us-east-1</c>.</summary>
    [Required]
    public string DefaultRegion { get; set; } = "us-east-1";

    /// <summary>
    /// One URL that replaces every service endpoint (the local cloud). Unset: real AWS endpoints,
    /// <c>https://{prefix}.{region}.amazonaws.com</c>.
    /// </summary>
    public Uri? ServiceUrl { get; set; }

    /// <summary>
    /// Static credentials (the local cloud's). Unset: AWSSDK.Core's default credential chain.
    /// </summary>
    public string? AccessKeyId { get; set; }

    public string? SecretAccessKey { get; set; }

    public AwsResilienceOptions Resilience { get; set; } = new();
}
