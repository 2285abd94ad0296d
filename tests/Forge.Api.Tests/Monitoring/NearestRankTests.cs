using CsCheck;
using Forge.Api.Monitoring;

namespace Forge.Api.Tests.Monitoring;

/// <summary>The percentiles are selected, not sorted: they must still be the values a sort puts at the nearest ranks.</summary>
public sealed class NearestRankTests
{
    [Fact]
    public void Selected_percentiles_are_the_values_at_the_nearest_ranks_of_the_sorted_durations()
    {
        // Few distinct values as well as many: runs of equal durations are what a three-way partition is for.
        var durations = Gen.OneOf(Gen.Long[0, 5].Array[1, 3_000], Gen.Long[0, 1_000].Array[1, 3_000], Gen.Long[0, 3_600_000].Array[1, 3_000]);
        durations.Sample(values =>
        {
            var sorted = values.Order().ToArray();
            long At(int percentile) => sorted[NearestRank.Of(percentile, sorted.Length) - 1];
            var (p50, p95, p99) = NearestRank.Seconds(values.ToArray());
            Assert.Equal((At(50) / 1000.0, At(95) / 1000.0, At(99) / 1000.0), (p50!.Value, p95!.Value, p99!.Value));
        }, iter: 2_000);
    }

    [Fact]
    public void Sorted_descending_and_constant_inputs_are_selected_exactly()
    {
        long[] descending = [.. Enumerable.Range(1, 10_000).Select(i => (long)(10_001 - i))];
        Assert.Equal((5.0, 9.5, 9.9), NearestRank.Seconds(descending));
        Assert.Equal((7.0, 7.0, 7.0), NearestRank.Seconds(Enumerable.Repeat(7_000L, 4_096).ToArray()));
        Assert.Equal((null, null, null), NearestRank.Seconds([]));
        Assert.Equal((0.042, 0.042, 0.042), NearestRank.Seconds([42]));
    }
}
