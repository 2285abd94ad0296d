using System.Text.Json;
using Forge.Aws.CloudWatch;
using Forge.Aws.Protocols;

namespace Forge.Aws.Tests.CloudWatch;

/// <summary>The pure splitting rules: count, size and entity limits, order kept, nothing lost.</summary>
public sealed class MetricDataBatcherTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(1000, 1)]
    [InlineData(1001, 2)]
    [InlineData(3000, 3)]
    public void Splits_at_1000_metrics(int count, int expectedBatches)
    {
        var input = new PutMetricDataInput
        {
            Namespace = "N",
            MetricData = [.. Enumerable.Range(0, count).Select(i => new MetricDatum { MetricName = $"M{i}", Value = i })],
        };

        var batches = MetricDataBatcher.Split(input);

        Assert.Equal(expectedBatches, batches.Count);
        Assert.All(batches, b => Assert.InRange(b.MetricData?.Count ?? 0, 0, 1000));
        Assert.Equal(input.MetricData.Select(d => d.MetricName), batches.SelectMany(b => b.MetricData ?? []).Select(d => d.MetricName));
    }

    [Fact]
    public void Every_batch_serializes_within_the_byte_limit()
    {
        var input = new PutMetricDataInput
        {
            Namespace = "N",
            MetricData = [.. Enumerable.Range(0, 50).Select(i => new MetricDatum
            {
                MetricName = $"M{i}", Value = i, Dimensions = [new Dimension { Name = "D", Value = new string('x', 1000) }],
            })],
        };

        var batches = MetricDataBatcher.Split(input, maxBytes: 10_000);

        Assert.True(batches.Count > 5);
        Assert.All(batches, b => Assert.InRange(JsonSerializer.SerializeToUtf8Bytes(b, AwsJson.Options).Length, 1, 10_000));
        Assert.Equal(50, batches.Sum(b => b.MetricData!.Count));
    }

    [Fact]
    public void Entity_data_counts_toward_the_limit_and_at_most_two_entities_go_in_one_request()
    {
        var entities = Enumerable.Range(0, 3).Select(e => new EntityMetricData
        {
            Entity = new Entity { KeyAttributes = new() { ["Type"] = "Service", ["Name"] = $"svc{e}" } },
            MetricData = [new MetricDatum { MetricName = "E", Value = e }],
        }).ToList();
        var input = new PutMetricDataInput { Namespace = "N", MetricData = [new MetricDatum { MetricName = "Plain", Value = 1 }], EntityMetricData = entities };

        var batches = MetricDataBatcher.Split(input, maxMetrics: 3);

        Assert.Equal(2, batches.Count);
        Assert.Equal((1, 2), (batches[0].MetricData!.Count, batches[0].EntityMetricData!.Count));
        Assert.Equal("svc2", Assert.Single(batches[1].EntityMetricData!).Entity!.KeyAttributes!["Name"]);
    }

    [Fact]
    public void A_value_beyond_2_to_the_360_is_refused()
    {
        var input = new PutMetricDataInput { Namespace = "N", MetricData = [new MetricDatum { MetricName = "Huge", Value = 1e109 }] };

        Assert.Throws<ArgumentException>(() => MetricDataBatcher.ValidateValues(input));
    }
}
