using System.Net;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Tests.CloudWatch;

/// <summary>CloudWatch's PutMetricData limits, each answered with the Query code CloudWatch uses, nothing stored.</summary>
public sealed class PutMetricDataValidationTests
{
    private static readonly long Now = CloudWatchWire.Start.ToUnixTimeSeconds();

    public static TheoryData<string, string, string> Invalid => new()
    {
        { "no namespace", """{"MetricData":[{"MetricName":"M","Value":1}]}""", "MissingParameter" },
        { "namespace starting with ':'", """{"Namespace":":x","MetricData":[{"MetricName":"M","Value":1}]}""", "InvalidParameterValue" },
        { "namespace of 256 characters", $$"""{"Namespace":"{{new string('n', 256)}}","MetricData":[{"MetricName":"M","Value":1}]}""", "InvalidParameterValue" },
        { "no metric data", """{"Namespace":"N","MetricData":[]}""", "MissingParameter" },
        { "1 001 metrics", Metrics(1001), "InvalidParameterValue" },
        { "no metric name", """{"Namespace":"N","MetricData":[{"Value":1}]}""", "MissingParameter" },
        { "31 dimensions", Datum($"'Value':1,'Dimensions':[{string.Join(',', Enumerable.Range(0, 31).Select(i => $"{{'Name':'D{i}','Value':'v'}}"))}]"), "InvalidParameterValue" },
        { "dimension without value", Datum("'Value':1,'Dimensions':[{'Name':'D'}]"), "MissingParameter" },
        { "dimension value of 1 025 characters", Datum($"'Value':1,'Dimensions':[{{'Name':'D','Value':'{new string('v', 1025)}'}}]"), "InvalidParameterValue" },
        { "no value at all", Datum("'Unit':'Count'"), "MissingParameter" },
        { "Value and StatisticValues", Datum("'Value':1,'StatisticValues':{'SampleCount':1,'Sum':1,'Minimum':1,'Maximum':1}"), "InvalidParameterCombination" },
        { "Value and Values", Datum("'Value':1,'Values':[1]"), "InvalidParameterCombination" },
        { "Counts without Values", Datum("'Value':1,'Counts':[1]"), "InvalidParameterCombination" },
        { "Counts shorter than Values", Datum("'Values':[1,2],'Counts':[1]"), "InvalidParameterValue" },
        { "151 values", Datum($"'Values':[{string.Join(',', Enumerable.Range(0, 151))}]"), "InvalidParameterValue" },
        { "statistic set without Sum", Datum("'StatisticValues':{'SampleCount':1,'Minimum':1,'Maximum':1}"), "MissingParameter" },
        { "NaN", Datum("'Value':'NaN'"), "InvalidParameterValue" },
        { "-Infinity in Values", Datum("'Values':[1,'-Infinity']"), "InvalidParameterValue" },
        { "beyond 2^360", Datum("'Value':3e108"), "InvalidParameterValue" },
        { "value that is not a number", Datum("'Value':'lots'"), "InvalidParameterValue" },
        { "timestamp 15 days old", Datum($"'Value':1,'Timestamp':{Now - (15 * 86400)}"), "InvalidParameterValue" },
        { "timestamp 3 hours ahead", Datum($"'Value':1,'Timestamp':{Now + (3 * 3600)}"), "InvalidParameterValue" },
        { "storage resolution 30", Datum("'Value':1,'StorageResolution':30"), "InvalidParameterValue" },
        { "unknown unit", Datum("'Value':1,'Unit':'Furlongs'"), "InvalidParameterValue" },
        { "three entities when strict", Entities(3, strict: true, keyAttributes: 2), "InvalidParameterValue" },
        { "one key attribute when strict", Entities(1, strict: true, keyAttributes: 1), "InvalidParameterValue" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Invalid_input_is_refused_with_the_query_code(string what, string json, string queryCode)
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.JsonAsync(json);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, what);
        Assert.Equal($"{queryCode};Sender", response.Headers.GetValues("x-amzn-query-error").Single());
        Assert.NotNull((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
        Assert.Empty(wire.Store.Find());
    }

    [Fact]
    public async Task Limits_themselves_are_accepted()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var dimensions = string.Join(',', Enumerable.Range(0, 30).Select(i => $$"""{"Name":"D{{i}}","Value":"{{new string('v', 1024)}}"}"""));
        var values = string.Join(',', Enumerable.Range(0, 150));

        using var many = await wire.JsonAsync(Metrics(1000));
        using var wide = await wire.JsonAsync(Datum($"'Values':[{values}],'Counts':[{values}],'Dimensions':[{dimensions}],'Timestamp':{Now - (14 * 86400) + 1}"));
        using var ahead = await wire.JsonAsync(Datum($"'Value':-1e100,'Timestamp':{Now + 7200},'StorageResolution':1,'Unit':'Bytes/Second'"));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK], new[] { many.StatusCode, wide.StatusCode, ahead.StatusCode });
        Assert.Equal(1002, wire.Store.Find().Count);
    }

    [Fact]
    public async Task Entity_metric_data_counts_toward_the_limit_and_keeps_its_key_attributes()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.JsonAsync("""
            {"Namespace":"N","StrictEntityValidation":true,"MetricData":[{"MetricName":"Plain","Value":1}],
             "EntityMetricData":[{"Entity":{"KeyAttributes":{"Type":"Service","Name":"forge","Environment":"dev"}},
                                  "MetricData":[{"MetricName":"WithEntity","Value":2}]}]}
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var data = wire.Store.Find(@namespace: "N");
        Assert.Null(data[0].EntityKeyAttributes);
        Assert.Equal("forge", data[1].EntityKeyAttributes!["Name"]);
    }

    /// <summary>One datum named M in namespace N; members are written with ' for " to keep the table readable.</summary>
    [Fact]
    public async Task Invalid_entity_without_strict_validation_keeps_the_metrics_without_the_entity()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.JsonAsync(Entities(3, strict: false, keyAttributes: 2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["e0", "e1", null], wire.Store.Find(@namespace: "N").Select(d => d.EntityKeyAttributes?["Name"]));
    }

    /// <summary>EntityMetricData with <paramref name="count"/> entities, each with one datum and the given number of key attributes.</summary>
    private static string Entities(int count, bool strict, int keyAttributes)
    {
        var entries = Enumerable.Range(0, count).Select(e => (JsonNode)new JsonObject
        {
            ["Entity"] = new JsonObject
            {
                ["KeyAttributes"] = new JsonObject(new[] { ("Name", $"e{e}"), ("Type", "Service"), ("Environment", "dev") }
                    .Take(keyAttributes).Select(a => KeyValuePair.Create(a.Item1, (JsonNode?)a.Item2))),
            },
            ["MetricData"] = new JsonArray(new JsonObject { ["MetricName"] = $"M{e}", ["Value"] = e }),
        });
        return new JsonObject
        {
            ["Namespace"] = "N",
            ["StrictEntityValidation"] = strict,
            ["EntityMetricData"] = new JsonArray([.. entries]),
        }.ToJsonString();
    }

    private static string Datum(string members) => $$"""{"Namespace":"N","MetricData":[{"MetricName":"M",{{members.Replace('\'', '"')}}}]}""";

    private static string Metrics(int count) =>
        $$"""{"Namespace":"N","MetricData":[{{string.Join(',', Enumerable.Range(0, count).Select(i => $$"""{"MetricName":"M{{i}}","Value":{{i}}}"""))}}]}""";
}
