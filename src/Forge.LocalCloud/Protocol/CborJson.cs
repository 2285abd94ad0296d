using System.Formats.Cbor;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Protocol;

/// <summary>
/// Translates rpcv2Cbor bodies to and from the JSON tree the JSON services already read, so a service
/// implements each operation once. Following awsJson's conventions: byte strings become base64 strings,
/// tag-1 timestamps become epoch seconds, and NaN/±Infinity become the strings "NaN"/"Infinity"/"-Infinity".
/// </summary>
public static partial class CborJson
{
    public const string ContentType = "application/cbor";
    public const string ProtocolHeader = "smithy-protocol";
    public const string ProtocolName = "rpc-v2-cbor";

    /// <summary>Deeper nesting than any AWS shape needs is refused rather than recursed into.</summary>
    private const int MaxDepth = 64;

    /// <summary>Decodes a request body; an empty body is an empty input structure.</summary>
    public static JsonObject DecodeObject(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Length == 0)
        {
            return [];
        }

        try
        {
            var reader = new CborReader(body, CborConformanceMode.Lax);
            var node = Read(reader, 0);
            if (reader.BytesRemaining != 0)
            {
                throw Malformed("trailing bytes after the top-level value");
            }

            return node as JsonObject ?? throw Malformed("the top-level value must be a map");
        }
        catch (Exception error) when (error is CborContentException or InvalidOperationException or FormatException or OverflowException)
        {
            throw Malformed(error.Message);
        }
    }

    private static JsonNode? Read(CborReader reader, int depth)
    {
        if (depth > MaxDepth)
        {
            throw Malformed($"nesting deeper than {MaxDepth} levels");
        }

        switch (reader.PeekState())
        {
            case CborReaderState.StartMap:
                reader.ReadStartMap();
                var map = new JsonObject();
                while (reader.PeekState() != CborReaderState.EndMap)
                {
                    var key = reader.PeekState() is CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString
                        ? reader.ReadTextString()
                        : Read(reader, depth + 1)?.ToJsonString() ?? "null";
                    map[key] = Read(reader, depth + 1);
                }

                reader.ReadEndMap();
                return map;
            case CborReaderState.StartArray:
                reader.ReadStartArray();
                var array = new JsonArray();
                while (reader.PeekState() != CborReaderState.EndArray)
                {
                    array.Add(Read(reader, depth + 1));
                }

                reader.ReadEndArray();
                return array;
            case CborReaderState.Tag:
                // Tag 1 (epoch-seconds timestamp) keeps its number: awsJson timestamps are epoch seconds too.
                reader.ReadTag();
                return Read(reader, depth + 1);
            default:
                return ReadScalar(reader);
        }
    }

    private static JsonValue? ReadScalar(CborReader reader)
    {
        switch (reader.PeekState())
        {
            case CborReaderState.TextString or CborReaderState.StartIndefiniteLengthTextString:
                return JsonValue.Create(reader.ReadTextString());
            case CborReaderState.ByteString or CborReaderState.StartIndefiniteLengthByteString:
                return JsonValue.Create(Convert.ToBase64String(reader.ReadByteString()));
            case CborReaderState.UnsignedInteger:
                var unsigned = reader.ReadUInt64();
                return unsigned <= long.MaxValue ? JsonValue.Create((long)unsigned) : JsonValue.Create((double)unsigned);
            case CborReaderState.NegativeInteger:
                var magnitude = reader.ReadCborNegativeIntegerRepresentation();
                return magnitude < long.MaxValue ? JsonValue.Create(-1 - (long)magnitude) : JsonValue.Create(-1d - magnitude);
            case CborReaderState.HalfPrecisionFloat:
                return Number((double)reader.ReadHalf());
            case CborReaderState.SinglePrecisionFloat:
                return Number(reader.ReadSingle());
            case CborReaderState.DoublePrecisionFloat:
                return Number(reader.ReadDouble());
            case CborReaderState.Boolean:
                return JsonValue.Create(reader.ReadBoolean());
            case CborReaderState.Null:
                reader.ReadNull();
                return null;
            case CborReaderState.SimpleValue:
                reader.ReadSimpleValue();
                return null;
            default:
                throw Malformed($"unexpected CBOR item {reader.PeekState()}");
        }
    }

    private static JsonValue Number(double value) => value switch
    {
        double.NaN => JsonValue.Create("NaN"),
        double.PositiveInfinity => JsonValue.Create("Infinity"),
        double.NegativeInfinity => JsonValue.Create("-Infinity"),
        _ => JsonValue.Create(value),
    };

    private static LocalCloudException Malformed(string reason) =>
        new("SerializationException", $"The request body is not valid CBOR: {reason}.");
}
