namespace Forge.Aws;

/// <summary>
/// The one resilience pipeline each AWS service gets: retry with exponential backoff and jitter,
/// a circuit breaker, a client-side rate limit and a per-attempt timeout. Defaults in
/// <see cref="AwsResilienceDefaults"/>.
/// </summary>
public sealed class AwsResilienceOptions
{
    /// <summary>The shortest wait before a retry (see <see cref="AwsBackoff"/>). Default 1 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = AwsResilienceDefaults.RetryBaseDelay;

    /// <summary>Upper bound of any retry delay. Default 16 s.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = AwsResilienceDefaults.RetryMaxDelay;

    /// <summary>Retries after the first attempt. Default 5 (waits of 1–2, 2–4, 4–8, 8–16, 8–16 s).</summary>
    public int MaxRetryAttempts { get; set; } = AwsResilienceDefaults.MaxRetryAttempts;

    /// <summary>Time one attempt may take, including reading the answer. Default 30 s.</summary>
    public TimeSpan AttemptTimeout { get; set; } = AwsResilienceDefaults.AttemptTimeout;

    /// <summary>Share of failed attempts within the sampling window that opens the breaker. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = AwsResilienceDefaults.BreakerFailureRatio;

    /// <summary>Window over which the failure ratio is measured. Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = AwsResilienceDefaults.BreakerSamplingDuration;

    /// <summary>Attempts needed in the window before the breaker may open. Default 10.</summary>
    public int BreakerMinimumThroughput { get; set; } = AwsResilienceDefaults.BreakerMinimumThroughput;

    /// <summary>How long the breaker stays open before letting one trial call through. Default 30 s.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = AwsResilienceDefaults.BreakerBreakDuration;

    /// <summary>
    /// Client-side request rate per service name (<c>workspaces</c>, <c>fsx</c>, ...), in requests per
    /// second; a service not listed gets <see cref="DefaultRequestsPerSecond"/>.
    /// </summary>
    public Dictionary<string, double> RequestsPerSecond { get; set; } = new(AwsResilienceDefaults.RequestsPerSecond);

    /// <summary>Rate for services not named in <see cref="RequestsPerSecond"/>. Default 10.</summary>
    public double DefaultRequestsPerSecond { get; set; } = AwsResilienceDefaults.DefaultRequestsPerSecond;

    /// <summary>Seconds of requests a service may burst above its rate. Default 5.</summary>
    public double BurstSeconds { get; set; } = AwsResilienceDefaults.BurstSeconds;

    /// <summary>Requests that may wait for a rate-limit permit before the limiter rejects. Default 1 000.</summary>
    public int RateLimitQueue { get; set; } = AwsResilienceDefaults.RateLimitQueue;

    public double RateFor(AwsService service) =>
        RequestsPerSecond.TryGetValue(service.Name, out var rate) ? rate : DefaultRequestsPerSecond;
}

/// <summary>The defaults of <see cref="AwsResilienceOptions"/>, in one place.</summary>
public static class AwsResilienceDefaults
{
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromSeconds(16);
    public const int MaxRetryAttempts = 5;
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(30);
    public const double BreakerFailureRatio = 0.5;
    public static readonly TimeSpan BreakerSamplingDuration = TimeSpan.FromSeconds(30);
    public const int BreakerMinimumThroughput = 10;
    public static readonly TimeSpan BreakerBreakDuration = TimeSpan.FromSeconds(30);
    public const double DefaultRequestsPerSecond = 10;
    public const double BurstSeconds = 5;
    public const int RateLimitQueue = 1000;

    /// <summary>WorkSpaces publishes about 2 calls per second per account; the others allow more.</summary>
    public static readonly IReadOnlyDictionary<string, double> RequestsPerSecond = new Dictionary<string, double>
    {
        ["workspaces"] = 2,
        ["fsx"] = 5,
        ["secretsmanager"] = 20,
        ["ssm"] = 10,
        ["ds"] = 5,
        ["cloudwatch"] = 20,
        ["sns"] = 20,
    };
}
