namespace Forge.Aws.Tests.Resilience;

/// <summary>The backoff itself: exponential, jittered, never under the base delay nor over the maximum.</summary>
public sealed class AwsBackoffTests
{
    private static readonly TimeSpan Base = AwsResilienceDefaults.RetryBaseDelay;
    private static readonly TimeSpan Max = AwsResilienceDefaults.RetryMaxDelay;

    [Theory]
    [InlineData(0, 1, 2)]
    [InlineData(1, 2, 4)]
    [InlineData(2, 4, 8)]
    [InlineData(3, 8, 16)]
    [InlineData(4, 8, 16)]
    [InlineData(40, 8, 16)]
    [InlineData(5000, 8, 16)]
    public void Each_retry_waits_within_its_band(int attempt, int fewestSeconds, int mostSeconds)
    {
        var draws = Enumerable.Range(0, 101).Select(i => AwsBackoff.Delay(attempt, Base, Max, i / 100.0)).ToList();

        Assert.Equal(TimeSpan.FromSeconds(fewestSeconds), draws.Min());
        Assert.Equal(TimeSpan.FromSeconds(mostSeconds), draws.Max());
        Assert.True(draws.Distinct().Count() > 50, "the jitter spreads the waits");
    }

    [Fact]
    public void A_random_source_cannot_push_a_wait_out_of_bounds()
    {
        var random = new Random(7);

        var waits = Enumerable.Range(0, 10_000).Select(i => AwsBackoff.Delay(i % 6, Base, Max, random.NextDouble())).ToList();

        Assert.All(waits, w => Assert.InRange(w, Base, Max));
        Assert.Equal(Base, AwsBackoff.Delay(0, Base, Max, -3));
        Assert.Equal(Max, AwsBackoff.Delay(9, Base, Max, 7));
    }
}
