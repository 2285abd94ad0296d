using System.Net;
using Forge.Aws.Tests.Conformance;
using Forge.LocalCloud.Faults;

namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// Retries against injected faults, in virtual time: transient errors are retried with exponential
/// backoff between 1 s and 16 s until the call succeeds; other errors are answered after one attempt.
/// </summary>
public sealed class RetryTests : ResilienceTestHost
{
    private const int Operations = 200;

    [Fact]
    public async Task At_30_percent_ThrottlingException_200_WorkSpaces_calls_all_succeed_through_retries()
    {
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", ErrorCode = "ThrottlingException", Rate = 0.3 });

        for (var i = 0; i < Operations; i++)
        {
            await RunAsync(DescribeAsync);
        }

        AssertRetriedWithBoundedBackoff("DescribeWorkspaces", HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task At_30_percent_Throttled_200_SNS_publishes_over_awsQuery_all_succeed_through_retries()
    {
        await SetFaultsAsync(new FaultRule { Service = "sns", Operation = "Publish", ErrorCode = "Throttled", Rate = 0.3 });

        for (var i = 0; i < Operations; i++)
        {
            await RunAsync(PublishAsync);
        }

        AssertRetriedWithBoundedBackoff("Publish", HttpStatusCode.BadRequest);
    }

    [Theory]
    [InlineData("ResourceNotFoundException")]
    [InlineData("InvalidParameterValuesException")]
    [InlineData("AccessDeniedException")]
    public async Task A_non_transient_error_is_answered_after_exactly_one_attempt(string code)
    {
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", ErrorCode = code });
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => RunAsync(DescribeAsync));

        Assert.Equal((code, false), (error.ErrorCode, error.IsTransient));
        // RunAsync would have passed any backoff: a retry would show here as a second attempt.
        Assert.Equal(1, Recorder.Count("DescribeWorkspaces"));
    }

    /// <summary>
    /// Every operation ended in one success after at most the allowed retries, the local cloud saw more
    /// attempts than operations, and each wait before a retry lay within the backoff bounds: at least the
    /// base delay, at most the maximum delay plus the one virtual-time step the clock may overshoot by.
    /// </summary>
    private void AssertRetriedWithBoundedBackoff(string operation, HttpStatusCode throttledStatus)
    {
        var attempts = Recorder.Attempts.Where(a => a.Operation == operation).ToList();
        var resilience = Aws.Options.Resilience;
        Assert.Equal(Operations, attempts.Count(a => a.Status == HttpStatusCode.OK));
        Assert.True(attempts.Count > Operations, $"{attempts.Count} attempts for {Operations} operations: nothing was retried");
        Assert.All(attempts, a => Assert.Contains(a.Status, new HttpStatusCode?[] { HttpStatusCode.OK, throttledStatus }));
        Assert.Equal(HttpStatusCode.OK, attempts[^1].Status);

        var retriesInOneCall = 0;
        for (var i = 1; i < attempts.Count; i++)
        {
            if (attempts[i - 1].Status == HttpStatusCode.OK)
            {
                retriesInOneCall = 0;
                continue;
            }

            retriesInOneCall++;
            var waited = attempts[i].At - attempts[i - 1].At;
            Assert.InRange(retriesInOneCall, 1, resilience.MaxRetryAttempts);
            Assert.InRange(waited, resilience.RetryBaseDelay, resilience.RetryMaxDelay + VirtualTime.DefaultStep);
            // And exponential: retry n waits within the jitter band of that retry.
            var fewest = AwsBackoff.Delay(retriesInOneCall - 1, resilience.RetryBaseDelay, resilience.RetryMaxDelay, 0);
            var most = AwsBackoff.Delay(retriesInOneCall - 1, resilience.RetryBaseDelay, resilience.RetryMaxDelay, 1);
            Assert.InRange(waited, fewest, most + VirtualTime.DefaultStep);
        }
    }
}
