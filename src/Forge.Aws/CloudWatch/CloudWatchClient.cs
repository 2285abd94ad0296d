namespace Forge.Aws.CloudWatch;

/// <summary>
/// Amazon CloudWatch over awsJson 1.0 in query-compatible mode: errors keep their Query codes
/// (<c>InvalidParameterValue</c>, <c>MissingParameter</c>, ...) in <see cref="AwsServiceException.ErrorCode"/>.
/// </summary>
public sealed class CloudWatchClient(AwsClientFactory factory)
{
    private readonly Protocols.AwsJsonClient _json = factory.Json(AwsServices.CloudWatch);

    /// <summary>
    /// Publishes metric data. Values CloudWatch would refuse (NaN, ±Infinity) throw <see cref="ArgumentException"/>
    /// before anything is sent; more than 1 000 metrics or 1 MB is sent as several requests, in order. A failed
    /// request stops the sequence: the requests before it have been accepted.
    /// </summary>
    public async Task PutMetricDataAsync(PutMetricDataInput request, string? region = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        MetricDataBatcher.ValidateValues(request);
        foreach (var batch in MetricDataBatcher.Split(request))
        {
            await _json.InvokeAsync<PutMetricDataInput, EmptyOutput>("PutMetricData", batch, region, cancellationToken)
                .ConfigureAwait(false);
        }
    }

    /// <summary>PutMetricData has no output members; the answer is an empty structure.</summary>
    private sealed class EmptyOutput;
}
