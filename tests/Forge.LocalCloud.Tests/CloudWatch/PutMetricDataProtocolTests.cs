using System.Formats.Cbor;
using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Xml.Linq;

namespace Forge.LocalCloud.Tests.CloudWatch;

/// <summary>PutMetricData arrives in three protocols; each must be understood, stored alike and answered in kind.</summary>
public sealed class PutMetricDataProtocolTests
{
    private static readonly XNamespace Monitoring = "http://monitoring.amazonaws.com/doc/2010-08-01/";

    [Fact]
    public async Task Json_request_is_stored_and_answered_with_an_empty_structure()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var at = CloudWatchWire.Start.AddMinutes(-5).ToUnixTimeSeconds();

        using var response = await wire.JsonAsync($$"""
            {"Namespace":"Forge/Pools","MetricData":[{"MetricName":"Provisioned","Dimensions":[{"Name":"Pool","Value":"dev"}],
             "Timestamp":{{at}}.25,"Value":3,"Unit":"Count","StorageResolution":1}]}
            """, "eu-west-1");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
        var datum = Assert.Single(wire.Store.Find(@namespace: "Forge/Pools"));
        Assert.Equal(("eu-west-1", "Provisioned", 3d, "Count", 1), (datum.Region, datum.MetricName, datum.Value, datum.Unit, datum.StorageResolution));
        Assert.Equal(("Pool", "dev"), (datum.Dimensions[0].Name, datum.Dimensions[0].Value));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds((at * 1000) + 250), datum.Timestamp);
    }

    [Fact]
    public async Task Json_error_carries_the_shape_name_and_the_query_code_header()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.JsonAsync("""{"Namespace":"AWS/EC2","MetricData":[{"MetricName":"CPU","Value":1}]}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("InvalidParameterValue;Sender", response.Headers.GetValues("x-amzn-query-error").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("InvalidParameterValueException", (string?)body["__type"]);
        Assert.Contains("AWS/EC2", (string?)body["message"], StringComparison.Ordinal);
        Assert.Empty(wire.Store.Find());
    }

    [Fact]
    public async Task Query_request_is_folded_into_the_same_datum_and_answered_in_xml_without_a_result()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var form = "Action=PutMetricData&Version=2010-08-01&Namespace=Forge%2FQuery"
            + "&MetricData.member.1.MetricName=Latency&MetricData.member.1.Unit=Milliseconds"
            + "&MetricData.member.1.Timestamp=2026-03-02T09%3A00%3A00.500Z"
            + "&MetricData.member.1.Dimensions.member.1.Name=Region&MetricData.member.1.Dimensions.member.1.Value=eu"
            + "&MetricData.member.1.Values.member.1=10.5&MetricData.member.1.Values.member.2=20"
            + "&MetricData.member.1.Counts.member.1=2&MetricData.member.1.Counts.member.2=1"
            + "&MetricData.member.2.MetricName=Sessions"
            + "&MetricData.member.2.StatisticValues.SampleCount=2&MetricData.member.2.StatisticValues.Sum=5"
            + "&MetricData.member.2.StatisticValues.Minimum=2&MetricData.member.2.StatisticValues.Maximum=3";

        using var response = await wire.QueryAsync(form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var xml = XElement.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(Monitoring + "PutMetricDataResponse", xml.Name);
        Assert.Null(xml.Element(Monitoring + "PutMetricDataResult"));
        Assert.False(string.IsNullOrEmpty(xml.Element(Monitoring + "ResponseMetadata")?.Element(Monitoring + "RequestId")?.Value));
        var data = wire.Store.Find(@namespace: "Forge/Query");
        Assert.Equal([10.5, 20], data[0].Values!);
        Assert.Equal([2d, 1], data[0].Counts!);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 9, 0, 0, 500, TimeSpan.Zero), data[0].Timestamp);
        Assert.Equal(new Forge.LocalCloud.CloudWatch.StoredStatisticSet(2, 5, 2, 3), data[1].StatisticValues);
        Assert.Equal(("None", 60), (data[1].Unit, data[1].StorageResolution));
    }

    [Fact]
    public async Task Query_error_is_an_xml_error_response_with_the_query_code()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.QueryAsync("Action=PutMetricData&Version=2010-08-01&Namespace=Forge&MetricData.member.1.Value=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = XElement.Parse(await response.Content.ReadAsStringAsync()).Element(Monitoring + "Error")!;
        Assert.Equal("Sender", error.Element(Monitoring + "Type")?.Value);
        Assert.Equal("MissingParameter", error.Element(Monitoring + "Code")?.Value);
        Assert.Equal("The parameter MetricData.member.1.MetricName is required.", error.Element(Monitoring + "Message")?.Value);
    }

    [Fact]
    public async Task Cbor_request_with_a_tagged_timestamp_is_stored_and_answered_with_an_empty_cbor_body()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var writer = new CborWriter();
        writer.WriteStartMap(null); // indefinite length, as some SDKs write
        writer.WriteTextString("Namespace");
        writer.WriteTextString("Forge/Cbor");
        writer.WriteTextString("MetricData");
        writer.WriteStartArray(1);
        writer.WriteStartMap(4);
        writer.WriteTextString("MetricName");
        writer.WriteTextString("DiskFree");
        writer.WriteTextString("Timestamp");
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteDouble(CloudWatchWire.Start.AddMinutes(-1).ToUnixTimeMilliseconds() / 1000d);
        writer.WriteTextString("Value");
        writer.WriteSingle(0.25f);
        writer.WriteTextString("Unit");
        writer.WriteTextString("Percent");
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();

        using var response = await wire.CborAsync(writer.Encode());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("rpc-v2-cbor", response.Headers.GetValues("smithy-protocol").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        var datum = Assert.Single(wire.Store.Find(@namespace: "Forge/Cbor"));
        Assert.Equal((0.25, "Percent", CloudWatchWire.Start.AddMinutes(-1)), (datum.Value, datum.Unit, datum.Timestamp));
    }

    [Fact]
    public async Task Cbor_error_is_a_cbor_map_with_the_shape_id_and_the_query_code_header()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var writer = new CborWriter();
        writer.WriteStartMap(2);
        writer.WriteTextString("Namespace");
        writer.WriteTextString("Forge/Cbor");
        writer.WriteTextString("MetricData");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("MetricName");
        writer.WriteTextString("Broken");
        writer.WriteTextString("Value");
        writer.WriteDouble(double.NaN);
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();

        using var response = await wire.CborAsync(writer.Encode());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/cbor", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("rpc-v2-cbor", response.Headers.GetValues("smithy-protocol").Single());
        Assert.Equal("InvalidParameterValue;Sender", response.Headers.GetValues("x-amzn-query-error").Single());
        var reader = new CborReader(await response.Content.ReadAsByteArrayAsync());
        var fields = new Dictionary<string, string>();
        var count = reader.ReadStartMap();
        for (var i = 0; i < count; i++)
        {
            fields[reader.ReadTextString()] = reader.ReadTextString();
        }

        Assert.Equal("com.amazonaws.cloudwatch#InvalidParameterValueException", fields["__type"]);
        Assert.Equal("The value NaN for parameter MetricData.member.1.Value is invalid.", fields["message"]);
        Assert.Empty(wire.Store.Find());
    }

    [Fact]
    public async Task Cbor_GetMetricData_answers_timestamps_as_tagged_epoch_seconds()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var at = CloudWatchWire.Start.AddMinutes(-2);
        using (var put = await wire.JsonAsync($$"""{"Namespace":"Forge/Read","MetricData":[{"MetricName":"Ready","Timestamp":{{at.ToUnixTimeSeconds()}},"Value":3}]}"""))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var writer = new CborWriter();
        writer.WriteStartMap(3);
        writer.WriteTextString("StartTime");
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(CloudWatchWire.Start.AddHours(-1).ToUnixTimeSeconds());
        writer.WriteTextString("EndTime");
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(CloudWatchWire.Start.ToUnixTimeSeconds());
        writer.WriteTextString("MetricDataQueries");
        writer.WriteStartArray(1);
        writer.WriteStartMap(2);
        writer.WriteTextString("Id");
        writer.WriteTextString("ready");
        writer.WriteTextString("MetricStat");
        writer.WriteStartMap(3);
        writer.WriteTextString("Metric");
        writer.WriteStartMap(2);
        writer.WriteTextString("Namespace");
        writer.WriteTextString("Forge/Read");
        writer.WriteTextString("MetricName");
        writer.WriteTextString("Ready");
        writer.WriteEndMap();
        writer.WriteTextString("Period");
        writer.WriteInt32(60);
        writer.WriteTextString("Stat");
        writer.WriteTextString("Sum");
        writer.WriteEndMap();
        writer.WriteEndMap();
        writer.WriteEndArray();
        writer.WriteEndMap();

        using var response = await wire.CborAsync(writer.Encode(), operation: "GetMetricData");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var result = Forge.LocalCloud.Protocol.CborJson.DecodeObject(bytes)["MetricDataResults"]![0]!;
        Assert.Equal(("ready", "Complete", "3"), ((string?)result["Id"], (string?)result["StatusCode"], result["Values"]![0]!.ToJsonString()));
        Assert.Equal(at.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), result["Timestamps"]![0]!.ToJsonString());
        // On the wire the timestamp is tag 1 (0xC1) over a double of epoch seconds, as rpcv2Cbor clients expect.
        var tagged = new CborWriter();
        tagged.WriteTag(CborTag.UnixTimeSeconds);
        tagged.WriteDouble(at.ToUnixTimeSeconds());
        Assert.True(bytes.AsSpan().IndexOf(tagged.Encode()) >= 0, "The answer holds no tag-1 timestamp.");
    }

    [Fact]
    public async Task Malformed_cbor_is_a_serialization_error_not_a_crash()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.CborAsync([0xBF, 0x69, 0x4E]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/cbor", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Cbor_request_for_an_operation_not_emulated_is_refused_in_cbor()
    {
        await using var wire = await CloudWatchWire.StartAsync();

        using var response = await wire.CborAsync([0xA0], operation: "DeleteDashboards");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var reader = new CborReader(await response.Content.ReadAsByteArrayAsync());
        reader.ReadStartMap();
        Assert.Equal("__type", reader.ReadTextString());
        Assert.Equal("UnknownOperationException", reader.ReadTextString());
    }

    [Fact]
    public async Task Gzip_compressed_json_is_accepted_as_the_sdks_send_large_batches()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        var json = "{\"Namespace\":\"Forge/Gzip\",\"MetricData\":["
            + string.Join(',', Enumerable.Range(0, 300).Select(i => $"{{\"MetricName\":\"Depth\",\"Value\":{i}}}")) + "]}";
        using var compressed = new MemoryStream();
        await using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json));
        }

        using var response = await wire.SendAsync("/", compressed.ToArray(), "application/x-amz-json-1.0", "us-east-1",
            ("X-Amz-Target", "GraniteServiceVersion20100801.PutMetricData"), ("Content-Encoding", "gzip"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(300, wire.Store.Find(@namespace: "Forge/Gzip").Count);
    }

    [Fact]
    public async Task Control_endpoint_lists_what_was_stored_filtered_by_namespace_and_metric_name()
    {
        await using var wire = await CloudWatchWire.StartAsync();
        using var first = await wire.JsonAsync("""{"Namespace":"Forge/A","MetricData":[{"MetricName":"X","Value":1},{"MetricName":"Y","Value":2}]}""");
        using var second = await wire.JsonAsync("""{"Namespace":"Forge/B","MetricData":[{"MetricName":"X","Value":3}]}""");

        using var response = await wire.GetAsync("/_localcloud/cloudwatch/metrics?namespace=Forge%2FA&metricName=X");

        var metrics = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["metrics"]!.AsArray();
        var only = Assert.Single(metrics)!;
        Assert.Equal(("Forge/A", "X", 1d), ((string?)only["namespace"], (string?)only["metricName"], (double?)only["value"]));
    }
}
