namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// The client-side token bucket on the fake clock: WorkSpaces at 2 requests/s with a burst of 10. Thirty
/// queued calls: ten go at once, the rest only as the clock moves, two per second.
/// </summary>
public sealed class RateLimitTests : ResilienceTestHost
{
    private const double Rate = 2;
    private const int Burst = 10;
    private const int Calls = 30;

    [Fact]
    public async Task Queued_requests_go_out_only_as_the_clock_refills_the_bucket()
    {
        var calls = Enumerable.Range(0, Calls).Select(_ => DescribeAsync()).ToList();

        await WhenCompletedAsync(calls, Burst);
        Assert.Equal(Burst, Recorder.Count("DescribeWorkspaces"));
        Assert.Equal(Calls - Burst, calls.Count(c => !c.IsCompleted));

        var seconds = 0;
        while (calls.Any(c => !c.IsCompleted))
        {
            Time.Advance(TimeSpan.FromSeconds(1));
            seconds++;
            var allowed = Math.Min(Calls, Burst + (int)(Rate * seconds));
            await WhenCompletedAsync(calls, allowed);
            Assert.Equal(allowed, Recorder.Count("DescribeWorkspaces"));
            Assert.Equal(Calls - allowed, calls.Count(c => !c.IsCompleted));
        }

        Assert.Equal((Calls - Burst) / Rate, seconds);
        // Never more requests on the wire than the burst plus the rate times the virtual time elapsed.
        Assert.All(Recorder.Attempts, a => Assert.True(
            Recorder.Attempts.Count(b => b.At <= a.At) <= Burst + (Rate * (a.At - Start).TotalSeconds)));
    }

    protected override void ConfigureAws(AwsOptions options)
    {
        base.ConfigureAws(options);
        options.Resilience.RequestsPerSecond["workspaces"] = Rate;
        options.Resilience.BurstSeconds = Burst / Rate;
    }

    /// <summary>Waits until at least <paramref name="count"/> of the calls have completed, without moving the clock.</summary>
    private static async Task WhenCompletedAsync(List<Task<Forge.Aws.WorkSpaces.DescribeWorkspacesResult>> calls, int count)
    {
        while (calls.Count(c => c.IsCompleted) < count)
        {
            await Task.WhenAny(calls.Where(c => !c.IsCompleted));
        }

        Assert.All(calls.Where(c => c.IsCompleted), c => Assert.True(c.IsCompletedSuccessfully));
    }
}
