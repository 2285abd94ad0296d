using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CsCheck;

namespace Forge.Api.Tests.Security;

/// <summary>
/// One generated request body. <see cref="CertainlyInvalid"/> bodies must be refused (a 4xx); the others are
/// random values shaped like the body type, which may happen to be valid, so they must merely never break Forge.
/// </summary>
public sealed record FuzzBody(string Kind, byte[] Bytes, string? ContentType, bool CertainlyInvalid)
{
    public override string ToString()
    {
        var text = Encoding.UTF8.GetString(Bytes);
        return $"{Kind} [{ContentType ?? "no content type"}] {(text.Length > 400 ? text[..400] + $"… ({Bytes.Length} bytes)" : text)}";
    }
}

/// <summary>The generators of the fuzzing suite: hostile scalars, malformed parameter values and request bodies.</summary>
public static class FuzzInputs
{
    /// <summary>Values that break parsers and queries: control characters, NUL, traversal, huge and negative numbers, unicode edge cases.</summary>
    public static readonly string[] NastyValues =
    [
        "", " ", "abc", "-1", "0", "-0", "1.5", "1e400", "99999999999999999999999999", "-9223372036854775809", "2147483648", "NaN", "Infinity",
        "true", "null", "../", "../../etc/passwd", "..\\..\\windows", "%2e%2e%2f", "\0", "a\0b", "\u0001\u001f", "\r\n", "\t",
        "' OR '1'='1", "\"; DROP TABLE \"Workspaces\"; --", "<script>alert(1)</script>", "${jndi:ldap://x}", "{{7*7}}",
        "ünïcødé", "Ωmega", "😀", "\u202Eevil", "\u200B", "\uFEFF", "ǅ", "İ", "ß", "\uD800", "\uDFFF", "\uFFFF",
        "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "not-a-guid", "us-east-1", "backend", "linux",
    ];

    private static readonly Gen<string> Nasty = Gen.OneOf(NastyValues);

    /// <summary>Strings over an alphabet of ASCII, controls, combining marks, astral and unpaired surrogates.</summary>
    private static readonly Gen<string> Wild = Gen.String[Gen.Char["aZ09-_ ./\\%&=?#\0\u0007\u0300\u202e\ud83d\ude00\ud800€ÿ'\"<>{}[]"], 0, 40];

    public static readonly Gen<string> LongValue =
        Gen.Select(Gen.Int[1_000, 70_000], Gen.Char["ax%/.\u00e9"], (length, c) => new string(c, length));

    /// <summary>A malformed path or query value: hostile constants, random wild strings, very long ones, numbers out of range.</summary>
    public static readonly Gen<string> MalformedValue = Gen.Frequency(
        (6, Nasty),
        (3, Wild),
        (1, LongValue),
        (2, Gen.Long.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))),
        (1, Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>Any JSON scalar, written as JSON text, including numbers no .NET type holds.</summary>
    private static readonly Gen<string> Scalar = Gen.Frequency(
        (2, Gen.OneOf("null", "true", "false", "0", "-1", "1.5", "1e400", "-1e400", "99999999999999999999999999", "2147483648", "-0", "1E-400")),
        (3, Nasty.Select(Json)),
        (2, Wild.Select(Json)),
        (1, Gen.Int[1_000, 20_000].Select(n => Json(new string('x', n)))),
        (1, Gen.Int.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    /// <summary>
    /// Bodies for an endpoint whose body type is <paramref name="bodyType"/> and one of whose valid bodies is
    /// <paramref name="validSample"/>: every kind of broken body, and random values of the body's shape.
    /// </summary>
    public static Gen<FuzzBody> Bodies(Type bodyType, JsonSerializerOptions json, string validSample)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(validSample);
        var sample = Encoding.UTF8.GetBytes(validSample);
        var info = json.GetTypeInfo(bodyType);
        var members = info.Properties.Select(p => p.Name).ToArray();
        return Gen.Frequency(
            (1, Gen.Const(new FuzzBody("empty body", [], "application/json", true))),
            (2, Gen.OneOf("text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x", "application/jsonx", "")
                .Select(type => new FuzzBody("not a JSON content type", sample, type.Length == 0 ? null : type, true))),
            (2, Gen.OneOf("[]", "1", "\"text\"", "null", "true", "[{}]", "{}garbage", "{,}", "{\"a\":}", "'single'")
                .Select(root => new FuzzBody("not a JSON object", Encoding.UTF8.GetBytes(root), "application/json", true))),
            (2, Gen.Int[1, Math.Max(1, sample.Length - 1)].Select(cut => new FuzzBody("truncated", sample[..cut], "application/json", true))),
            (2, Gen.Select(Gen.Int[1, Math.Max(1, sample.Length - 1)], Gen.OneOf<byte[]>([0xff], [0xc3, 0x28], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]),
                (at, bad) => new FuzzBody("invalid UTF-8", [.. sample[..at], .. bad, .. sample[at..]], "application/json", true))),
            (2, Gen.Select(Gen.String[Gen.Char["abcxyz_$@ \u00e9\ud83d\ude00"], 1, 12], Scalar,
                (name, value) => new FuzzBody("unknown member", Insert(sample, $"\"zz{name}\":{value},"), "application/json", true))),
            (2, Gen.Int[65, 3_000].Select(depth => new FuzzBody("deep nesting", Insert(sample, $"\"{members.FirstOrDefault() ?? "a"}\":{new string('[', depth)}{new string(']', depth)},"),
                "application/json", true))),
            (1, Gen.Int[70_000, 200_000].Select(size => new FuzzBody("over the size limit", Insert(sample, $"\"{members.FirstOrDefault() ?? "a"}\":\"{new string('x', size)}\","),
                "application/json", true))),
            (1, Gen.Const(new FuzzBody("every member null", Encoding.UTF8.GetBytes("{" + string.Join(',', members.Select(m => $"\"{m}\":null")) + "}"),
                "application/json", false))),
            (6, Shaped(info, json, 0).Select(text => new FuzzBody("random value of the body's shape", Encoding.UTF8.GetBytes(text), "application/json", false))));
    }

    /// <summary>A random JSON value following the shape of <paramref name="info"/> (members, dictionaries, lists), with hostile leaves.</summary>
    private static Gen<string> Shaped(JsonTypeInfo info, JsonSerializerOptions json, int depth)
    {
        if (depth > 3)
        {
            return Scalar;
        }

        switch (info.Kind)
        {
            case JsonTypeInfoKind.Object:
                var properties = info.Properties.Select(p => Gen.Select(Gen.Int[0, 5], Gen.Frequency((4, Shaped(json.GetTypeInfo(p.PropertyType), json, depth + 1)), (1, Scalar)),
                    (keep, value) => keep == 0 ? null : $"\"{p.Name}\":{value}")).ToArray();
                return properties.Length == 0
                    ? Gen.Const("{}")
                    : Gen.Select(properties.Aggregate(Gen.Const(new List<string?>()), (all, next) => Gen.Select(all, next, (list, item) => new List<string?>(list) { item })),
                        members => "{" + string.Join(',', members.Where(m => m is not null)) + "}");
            case JsonTypeInfoKind.Dictionary:
                var values = Shaped(json.GetTypeInfo(info.ElementType!), json, depth + 1);
                return Gen.Select(Gen.OneOf(Nasty, Wild).Select(Json), values, (key, value) => $"{key}:{value}").Array[0, 4]
                    .Select(pairs => "{" + string.Join(',', pairs.DistinctBy(p => p[..p.IndexOf(':', StringComparison.Ordinal)])) + "}");
            case JsonTypeInfoKind.Enumerable:
                return Shaped(json.GetTypeInfo(info.ElementType!), json, depth + 1).Array[0, 4].Select(items => "[" + string.Join(',', items) + "]");
            default:
                return Gen.Frequency((3, Scalar), (1, Gen.OneOf("{}", "[]", "[1,\"a\"]", "{\"a\":1}")));
        }
    }

    private static string Json(string value) => JsonSerializer.Serialize(value);

    /// <summary>Puts <paramref name="member"/> (ending in a comma) right after the sample's opening brace.</summary>
    private static byte[] Insert(byte[] sample, string member)
    {
        var text = Encoding.UTF8.GetString(sample);
        var open = text.IndexOf('{', StringComparison.Ordinal);
        var rest = text[(open + 1)..].TrimStart();
        return Encoding.UTF8.GetBytes(string.Concat(text.AsSpan(0, open + 1), rest.StartsWith('}') ? member.TrimEnd(',') : member, rest));
    }
}
