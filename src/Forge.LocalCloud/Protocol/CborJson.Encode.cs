using System.Formats.Cbor;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Protocol;

/// <summary>The encoding half: answers and errors as CBOR maps with definite lengths.</summary>
public static partial class CborJson
{
    /// <summary>Encodes an answer or error structure as a CBOR map with definite lengths.</summary>
    public static byte[] Encode(JsonNode? node)
    {
        var writer = new CborWriter(CborConformanceMode.Lax);
        Write(writer, node);
        return writer.Encode();
    }

    private static void Write(CborWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case null:
                writer.WriteNull();
                break;
            case JsonObject map:
                writer.WriteStartMap(map.Count);
                foreach (var (key, value) in map)
                {
                    writer.WriteTextString(key);
                    Write(writer, value);
                }

                writer.WriteEndMap();
                break;
            case JsonArray array:
                writer.WriteStartArray(array.Count);
                foreach (var item in array)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            default:
                WriteScalar(writer, node.AsValue());
                break;
        }
    }

    private static void WriteScalar(CborWriter writer, JsonValue value)
    {
        // A timestamp member (a DateTimeOffset in the tree) is rpcv2Cbor's tag 1 over epoch seconds.
        if (value.TryGetValue<DateTimeOffset>(out var timestamp))
        {
            writer.WriteTag(CborTag.UnixTimeSeconds);
            writer.WriteDouble(timestamp.ToUnixTimeMilliseconds() / 1000.0);
            return;
        }

        switch (value.GetValueKind())
        {
            case JsonValueKind.String:
                writer.WriteTextString(value.GetValue<string>());
                break;
            case JsonValueKind.True or JsonValueKind.False:
                writer.WriteBoolean(value.GetValue<bool>());
                break;
            case JsonValueKind.Number:
                var text = value.ToJsonString();
                if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
                {
                    writer.WriteInt64(integer);
                }
                else
                {
                    writer.WriteDouble(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
                }

                break;
            default:
                writer.WriteNull();
                break;
        }
    }
}
