using Forge.Aws.Protocols;
using Microsoft.Extensions.Logging;

namespace Forge.Aws;

/// <summary>
/// Makes the protocol clients every typed service client stands on, all sharing one transport:
/// one credentials source, one endpoint resolution, one resilience pipeline per service.
/// </summary>
public sealed class AwsClientFactory(AwsTransport transport, AwsOptions options)
{
    public AwsOptions Options => options;

    /// <summary>The one resilience pipeline per service, for clients built on an AWS SDK (SSM).</summary>
    public AwsResiliencePipelines Pipelines => transport.Pipelines;

    /// <summary>The HTTP client over Forge's handler chain, for clients built on an AWS SDK (SSM).</summary>
    public HttpClient Http => transport.HttpClient;

    /// <summary>The credentials source every request is signed with.</summary>
    public IAwsCredentialsSource Credentials => transport.Credentials;

    public AwsJsonClient Json(AwsService service) => new(transport, service, options.DefaultRegion);

    public AwsQueryClient Query(AwsService service) => new(transport, service, options.DefaultRegion);

    public AwsRestJsonClient RestJson(AwsService service) => new(transport, service, options.DefaultRegion);

    /// <summary>The credentials source for <paramref name="options"/>: static keys if given, else the SDK's default chain.</summary>
    public static IAwsCredentialsSource CredentialsFor(AwsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.AccessKeyId is { Length: > 0 } key && options.SecretAccessKey is { Length: > 0 } secret
            ? new StaticCredentialsSource(new AwsCredentials(key, secret))
            : new SdkDefaultCredentialsSource();
    }

    /// <summary>
    /// Builds a factory without dependency injection: tests, benchmarks and tools. With a
    /// <paramref name="loggerFactory"/>, the resilience pipelines log and meter through Polly's telemetry.
    /// </summary>
    public static AwsClientFactory Create(AwsOptions options, TimeProvider timeProvider, HttpMessageHandler? handler = null,
        ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var http = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        // Each attempt is bounded by the pipeline's timeout on the given clock, not by HttpClient's own.
        http.Timeout = Timeout.InfiniteTimeSpan;
        var transport = new AwsTransport(http, CredentialsFor(options), new AwsEndpoints(options.ServiceUrl),
            new AwsResiliencePipelines(options.Resilience, timeProvider, loggerFactory), timeProvider);
        return new AwsClientFactory(transport, options);
    }
}
