using System.Net;
using Forge.LocalCloud.Faults;
using Polly.CircuitBreaker;

namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// The breaker against a local cloud that keeps failing, in virtual time: it opens after enough
/// failed attempts, then calls fail fast without reaching the local cloud; after the break one trial
/// call goes through; once the faults are gone it closes and calls succeed again.
/// </summary>
public sealed class CircuitBreakerTests : ResilienceTestHost
{
    /// <summary>Concurrent callers: enough attempts at once to reach the breaker's minimum throughput.</summary>
    private const int Callers = AwsResilienceDefaults.BreakerMinimumThroughput;

    [Theory]
    [InlineData("InternalServerError")]
    [InlineData("ServiceUnavailableException")]
    public async Task Sustained_server_errors_open_the_breaker_a_trial_follows_the_break_and_it_closes_once_healthy(string code)
    {
        var breakDuration = Aws.Options.Resilience.BreakerBreakDuration;
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", ErrorCode = code });

        // Every caller's first attempt fails; the last of them opens the breaker, so their retries fail fast.
        var first = await RunAsync(() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Record.ExceptionAsync(DescribeAsync))));
        Assert.All(first, e => Assert.IsType<BrokenCircuitException>(e));
        Assert.Equal(Callers, Recorder.Count("DescribeWorkspaces"));
        Assert.All(Recorder.Attempts, a => Assert.Equal(HttpStatusCode.InternalServerError, a.Status));

        // Open: fails fast, the local cloud sees nothing.
        await Assert.ThrowsAsync<BrokenCircuitException>(() => RunAsync(DescribeAsync));
        Assert.Equal(Callers, Recorder.Count("DescribeWorkspaces"));

        // After the break, half-open: one trial reaches the local cloud, fails, and the breaker opens again.
        Time.Advance(breakDuration);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => RunAsync(DescribeAsync));
        Assert.Equal(Callers + 1, Recorder.Count("DescribeWorkspaces"));
        await Assert.ThrowsAsync<BrokenCircuitException>(() => RunAsync(DescribeAsync));
        Assert.Equal(Callers + 1, Recorder.Count("DescribeWorkspaces"));

        // Healthy again: the next trial succeeds, the breaker closes, and every call goes through.
        await SetFaultsAsync();
        Time.Advance(breakDuration);
        for (var i = 0; i < 5; i++)
        {
            await RunAsync(DescribeAsync);
        }

        Assert.Equal(Callers + 1 + 5, Recorder.Count("DescribeWorkspaces"));
        Assert.Equal(5, Recorder.Attempts.Count(a => a.Status == HttpStatusCode.OK));
    }

    [Fact]
    public async Task Sustained_throttling_is_retried_to_the_end_but_does_not_open_the_breaker()
    {
        // Throttling says "slow down", not "unhealthy": backoff and the rate limit answer it, not the breaker.
        var attemptsPerCall = Aws.Options.Resilience.MaxRetryAttempts + 1;
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", ErrorCode = "ThrottlingException" });

        var errors = await RunAsync(() => Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => Record.ExceptionAsync(DescribeAsync))));

        Assert.All(errors, e => Assert.Equal("ThrottlingException", Assert.IsType<AwsServiceException>(e).ErrorCode));
        Assert.Equal(Callers * attemptsPerCall, Recorder.Count("DescribeWorkspaces"));
        await SetFaultsAsync();
        await RunAsync(DescribeAsync);
    }
}
