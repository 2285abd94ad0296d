using System.Formats.Cbor;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Tests.CloudWatch;

/// <summary>The CBOR ↔ JSON-tree codec behind rpcv2Cbor: every encoding an SDK may choose lands on awsJson's conventions.</summary>
public sealed class CborJsonTests
{
    [Fact]
    public void Decodes_every_item_kind_an_sdk_may_write_into_awsJson_conventions()
    {
        var writer = new CborWriter();
        writer.WriteStartMap(null);
        writer.WriteTextString("chunked");
        writer.WriteStartIndefiniteLengthTextString();
        writer.WriteTextString("Forge/");
        writer.WriteTextString("Pools");
        writer.WriteEndIndefiniteLengthTextString();
        writer.WriteTextString("blob");
        writer.WriteByteString([0, 1, 2, 250]);
        writer.WriteTextString("negative");
        writer.WriteInt64(-42);
        writer.WriteTextString("half");
        writer.WriteHalf((Half)1.5);
        writer.WriteTextString("special");
        writer.WriteStartArray(3);
        writer.WriteDouble(double.NaN);
        writer.WriteSingle(float.PositiveInfinity);
        writer.WriteHalf(Half.NegativeInfinity);
        writer.WriteEndArray();
        writer.WriteTextString("when");
        writer.WriteTag(CborTag.UnixTimeSeconds);
        writer.WriteInt64(1_700_000_000);
        writer.WriteTextString("flag");
        writer.WriteBoolean(true);
        writer.WriteTextString("nothing");
        writer.WriteNull();
        writer.WriteEndMap();

        var tree = CborJson.DecodeObject(writer.Encode());

        var expected = JsonNode.Parse(
            """{"chunked":"Forge/Pools","blob":"AAEC+g==","negative":-42,"half":1.5,"special":["NaN","Infinity","-Infinity"],"when":1700000000,"flag":true,"nothing":null}""");
        Assert.True(JsonNode.DeepEquals(expected, tree), tree.ToJsonString());
    }

    [Fact]
    public void Empty_body_is_an_empty_structure()
    {
        Assert.Empty(CborJson.DecodeObject([]));
    }

    [Theory]
    [InlineData(new byte[] { 0x01 })] // a number, not a map
    [InlineData(new byte[] { 0xA1, 0x61 })] // truncated
    [InlineData(new byte[] { 0xA0, 0xA0 })] // trailing item
    public void Malformed_bodies_are_serialization_errors(byte[] body)
    {
        var error = Assert.Throws<LocalCloudException>(() => CborJson.DecodeObject(body));

        Assert.Equal(("SerializationException", 400), (error.Code, error.StatusCode));
    }

    [Fact]
    public void Encodes_a_tree_that_decodes_back_to_itself()
    {
        var tree = JsonNode.Parse("""{"__type":"com.amazonaws.cloudwatch#X","message":"m","n":[1,-2.5,true,null,{"a":"b"}]}""")!.AsObject();

        Assert.Equal(tree.ToJsonString(), CborJson.DecodeObject(CborJson.Encode(tree)).ToJsonString());
    }
}
