using System.Net;
using Forge.LocalCloud.Faults;
using Polly.Timeout;

namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// The per-attempt timeout on the fake clock. An injected latency delays the answer on the local
/// cloud's clock while the request is in flight, which <c>VirtualTime</c> never advances through:
/// these tests move the clock themselves while an attempt hangs.
/// </summary>
public sealed class AttemptTimeoutTests : ResilienceTestHost
{
    [Fact]
    public async Task An_attempt_slower_than_the_timeout_is_cancelled_counted_transient_and_retried()
    {
        var resilience = Aws.Options.Resilience;
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", Latency = resilience.AttemptTimeout * 1.5 });

        var call = DescribeAsync();
        await WhenInFlightAsync(1);
        Time.Advance(resilience.AttemptTimeout);
        await WhenIdleAsync();
        await SetFaultsAsync();
        var result = await RunAsync(() => call);

        Assert.NotNull(result.Workspaces);
        var attempts = Recorder.Attempts;
        Assert.Equal([null, HttpStatusCode.OK], attempts.Select(a => a.Status));
        Assert.InRange(attempts[1].At - attempts[0].At, resilience.AttemptTimeout + resilience.RetryBaseDelay, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task When_every_attempt_hangs_each_times_out_and_the_last_timeout_is_the_answer()
    {
        var resilience = Aws.Options.Resilience;
        await SetFaultsAsync(new FaultRule { Service = "workspaces", Operation = "DescribeWorkspaces", Latency = TimeSpan.FromHours(1) });

        // VirtualTime passes the backoffs; this loop passes each hanging attempt's timeout.
        var call = RunAsync(DescribeAsync);
        for (var attempt = 0; attempt <= resilience.MaxRetryAttempts; attempt++)
        {
            await WhenInFlightAsync(1);
            Time.Advance(resilience.AttemptTimeout);
            await WhenIdleAsync();
        }

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => call);
        Assert.Equal(resilience.MaxRetryAttempts + 1, Recorder.Count("DescribeWorkspaces"));
        Assert.All(Recorder.Attempts, a => Assert.Null(a.Status));
    }
}
