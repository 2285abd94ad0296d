using System.Net;
using Forge.Aws.CloudWatch;

namespace Forge.Aws.Tests.CloudWatch;

/// <summary>CloudWatchClient end to end against the local cloud: what is sent is what is stored, in as many requests as needed.</summary>
public sealed class CloudWatchClientTests
{
    [Fact]
    public async Task PutMetricData_stores_every_kind_of_datum_as_sent()
    {
        await using var harness = await CloudWatchHarness.StartAsync();
        var at = CloudWatchHarness.Start.AddMinutes(-3);

        await harness.Client.PutMetricDataAsync(new PutMetricDataInput
        {
            Namespace = "Forge/Provisioning",
            MetricData =
            [
                new MetricDatum
                {
                    MetricName = "ProvisionDuration", Timestamp = at, Value = 912.5, Unit = StandardUnit.Seconds, StorageResolution = 1,
                    Dimensions = [new Dimension { Name = "Pool", Value = "dev-large" }],
                },
                new MetricDatum { MetricName = "LoginLatency", Values = [120, 250.5], Counts = [3, 1], Unit = StandardUnit.Milliseconds },
                new MetricDatum
                {
                    MetricName = "Throughput", Unit = StandardUnit.BytesSecond,
                    StatisticValues = new StatisticSet { SampleCount = 4, Sum = 10, Minimum = 1, Maximum = 4 },
                },
            ],
        }, region: "eu-west-1");

        var data = harness.Store.Find("eu-west-1", "Forge/Provisioning");
        Assert.Equal(["ProvisionDuration", "LoginLatency", "Throughput"], data.Select(d => d.MetricName));
        Assert.Equal((912.5, "Seconds", 1, at), (data[0].Value, data[0].Unit, data[0].StorageResolution, data[0].Timestamp));
        Assert.Equal(("Pool", "dev-large"), (data[0].Dimensions[0].Name, data[0].Dimensions[0].Value));
        Assert.Equal([120, 250.5], data[1].Values!);
        Assert.Equal([3d, 1], data[1].Counts!);
        Assert.Equal(CloudWatchHarness.Start, data[1].Timestamp);
        Assert.Equal((4d, 10d, 1d, 4d, "Bytes/Second"), (data[2].StatisticValues!.SampleCount, data[2].StatisticValues!.Sum,
            data[2].StatisticValues!.Minimum, data[2].StatisticValues!.Maximum, data[2].Unit));
    }

    [Fact]
    public async Task More_than_1000_metrics_are_sent_as_requests_of_at_most_1000_in_order()
    {
        await using var harness = await CloudWatchHarness.StartAsync();
        var data = Enumerable.Range(0, 2_500).Select(i => new MetricDatum { MetricName = "QueueDepth", Value = i }).ToList();

        await harness.Client.PutMetricDataAsync(new PutMetricDataInput { Namespace = "Forge/Queue", MetricData = data });

        Assert.Equal(3, harness.RequestSizes.Count);
        Assert.Equal(Enumerable.Range(0, 2_500).Select(i => (double?)i), harness.Store.Find(@namespace: "Forge/Queue").Select(d => d.Value));
    }

    [Fact]
    public async Task Large_metrics_are_split_so_that_no_request_exceeds_1_MB()
    {
        await using var harness = await CloudWatchHarness.StartAsync();
        // 30 dimensions of 1 000 characters: about 31 KB per metric, 3 MB in all.
        var dimensions = Enumerable.Range(0, 30).Select(i => new Dimension { Name = $"D{i}", Value = new string((char)('a' + (i % 26)), 1000) }).ToList();
        var data = Enumerable.Range(0, 100).Select(i => new MetricDatum { MetricName = $"Wide{i}", Dimensions = dimensions, Value = i }).ToList();

        await harness.Client.PutMetricDataAsync(new PutMetricDataInput { Namespace = "Forge/Wide", MetricData = data });

        Assert.InRange(harness.RequestSizes.Count, 3, 5);
        Assert.All(harness.RequestSizes, size => Assert.InRange(size, 1, MetricDataBatcher.MaxRequestBytes));
        Assert.Equal(100, harness.Store.Find(@namespace: "Forge/Wide").Count);
    }

    [Fact]
    public async Task Validation_error_is_decoded_with_its_query_code()
    {
        await using var harness = await CloudWatchHarness.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => harness.Client.PutMetricDataAsync(new PutMetricDataInput
        {
            Namespace = "Forge/Late",
            MetricData = [new MetricDatum { MetricName = "Old", Value = 1, Timestamp = CloudWatchHarness.Start.AddDays(-15) }],
        }));

        Assert.Equal(("InvalidParameterValue", HttpStatusCode.BadRequest, false), (error.ErrorCode, error.StatusCode, error.IsTransient));
        Assert.Contains("two weeks", error.ErrorMessage, StringComparison.Ordinal);
        Assert.NotNull(error.RequestId);
    }

    [Fact]
    public async Task Missing_value_is_decoded_as_MissingParameter()
    {
        await using var harness = await CloudWatchHarness.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => harness.Client.PutMetricDataAsync(new PutMetricDataInput
        {
            Namespace = "Forge/Empty",
            MetricData = [new MetricDatum { MetricName = "Nothing", Unit = StandardUnit.Count }],
        }));

        Assert.Equal("MissingParameter", error.ErrorCode);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public async Task Non_finite_values_are_refused_before_anything_is_sent(double value)
    {
        await using var harness = await CloudWatchHarness.StartAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => harness.Client.PutMetricDataAsync(new PutMetricDataInput
        {
            Namespace = "Forge/Bad",
            MetricData = [new MetricDatum { MetricName = "Fine", Value = 1 }, new MetricDatum { MetricName = "Broken", Values = [1, value] }],
        }));

        Assert.Empty(harness.RequestSizes);
    }
}
