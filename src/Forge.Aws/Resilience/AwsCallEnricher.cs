using Polly.Telemetry;

namespace Forge.Aws;

/// <summary>
/// Adds to Polly's metrics what an AWS call's failure was: <c>aws.error.code</c> and
/// <c>aws.throttled</c> (true for the service's throttling codes and 429s). With the pipeline name
/// (<c>aws-{service}</c>) and the operation key (the AWS operation) Polly already tags, every
/// attempt is counted per service and operation, throttled or not.
/// </summary>
public sealed class AwsCallEnricher : MeteringEnricher
{
    public override void Enrich<TResult, TArgs>(in EnrichmentContext<TResult, TArgs> context)
    {
        var error = context.TelemetryEvent.Outcome?.Exception as AwsServiceException;
        context.Tags.Add(new("aws.throttled", error is not null && IsThrottled(error) ? "true" : "false"));
        if (error is not null)
        {
            context.Tags.Add(new("aws.error.code", error.ErrorCode));
        }
    }

    private static bool IsThrottled(AwsServiceException error) =>
        AwsErrorClassifier.IsThrottling(error.ErrorCode) || error.StatusCode == System.Net.HttpStatusCode.TooManyRequests;
}
