using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Forge.Aws;

/// <summary>
/// One Polly pipeline per AWS service, built on the given <see cref="TimeProvider"/> so that tests
/// drive backoff, breaker and rate limit in virtual time. This is the only retry loop in Forge.
/// With an <see cref="ILoggerFactory"/>, each pipeline reports through Polly's standard telemetry
/// (<c>ConfigureTelemetry</c>): retries, timeouts, rate-limit rejections and breaker state changes are
/// logged and counted on the <c>Polly</c> meter, tagged with the pipeline name <c>aws-{service}</c>, the
/// operation (the callers pass it as the operation key) and whether the attempt was throttled (<see cref="AwsCallEnricher"/>).
/// </summary>
public sealed class AwsResiliencePipelines(AwsResilienceOptions options, TimeProvider timeProvider, ILoggerFactory? loggerFactory = null)
{
    private readonly ConcurrentDictionary<string, Lazy<ResiliencePipeline>> _pipelines = new(StringComparer.Ordinal);

    public ResiliencePipeline For(AwsService service)
    {
        ArgumentNullException.ThrowIfNull(service);
        return _pipelines.GetOrAdd(service.Name, _ => new Lazy<ResiliencePipeline>(() => Build(service))).Value;
    }

    /// <summary>True for errors worth another attempt: transient AWS errors, network failures, attempt timeouts.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        AwsServiceException aws => aws.IsTransient,
        HttpRequestException or TimeoutRejectedException or RateLimiterRejectedException => true,
        _ => false,
    };

    /// <summary>
    /// True for the transient errors that say the service is unhealthy: 5xx, network failures, attempt
    /// timeouts. Throttling is retried but does not count toward the breaker: it means the service is
    /// healthy and asks callers to slow down, which backoff and the rate limit do; counted, a throttling
    /// rate that retries absorb (30 % on WorkSpaces) opened the breaker at random and failed every call
    /// for the break duration. The client's own rate-limit rejections say nothing of the service either.
    /// </summary>
    public static bool CountsTowardBreaker(Exception exception) => exception switch
    {
        AwsServiceException aws => aws.IsTransient && !AwsErrorClassifier.IsThrottling(aws.ErrorCode)
            && aws.StatusCode != System.Net.HttpStatusCode.TooManyRequests,
        RateLimiterRejectedException => false,
        _ => IsTransient(exception),
    };

    private ResiliencePipeline Build(AwsService service)
    {
        var handled = new PredicateBuilder().Handle<Exception>(IsTransient);
        var rate = options.RateFor(service);
        var limiter = new ClockTokenBucket(rate, Math.Max(1, rate * options.BurstSeconds), options.RateLimitQueue, timeProvider);

        var builder = new ResiliencePipelineBuilder { Name = $"aws-{service.Name}", TimeProvider = timeProvider };
        if (loggerFactory is not null)
        {
            var telemetry = new Polly.Telemetry.TelemetryOptions { LoggerFactory = loggerFactory };
            telemetry.MeteringEnrichers.Add(new AwsCallEnricher());
            builder.ConfigureTelemetry(telemetry);
        }

        return builder
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = handled,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.RetryMaxDelay,
                MaxRetryAttempts = options.MaxRetryAttempts,
                // Polly's jitter can wait less than the base delay; AwsBackoff keeps every wait within [base, max].
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    AwsBackoff.Delay(args.AttemptNumber, options.RetryBaseDelay, options.RetryMaxDelay, Random.Shared.NextDouble())),
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(CountsTowardBreaker),
                FailureRatio = options.BreakerFailureRatio,
                SamplingDuration = options.BreakerSamplingDuration,
                MinimumThroughput = options.BreakerMinimumThroughput,
                BreakDuration = options.BreakerBreakDuration,
            })
            .AddRateLimiter(new RateLimiterStrategyOptions { RateLimiter = args => limiter.AcquireAsync(args.Context.CancellationToken) })
            .AddTimeout(options.AttemptTimeout)
            .Build();
    }
}
