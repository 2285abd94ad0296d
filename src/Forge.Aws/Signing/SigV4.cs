using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Forge.Aws.Signing;

/// <summary>
/// The pure parts of AWS Signature Version 4: canonical request, string to sign, signing key
/// and signature. The client signer and the local cloud's verifier both use these functions,
/// so a request Forge signs and a request the local cloud checks are canonicalised identically.
/// </summary>
public static class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string DateHeader = "x-amz-date";
    public const string SecurityTokenHeader = "x-amz-security-token";
    public const string EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    /// <summary>Formats a time as the <c>X-Amz-Date</c> value (basic ISO 8601, UTC).</summary>
    public static string FormatAmzDate(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static bool TryParseAmzDate(string value, out DateTimeOffset time) =>
        DateTimeOffset.TryParseExact(value, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);

    public static string Scope(DateTimeOffset time, string region, string service) =>
        $"{time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}/{region}/{service}/aws4_request";

    public static string HashHex(ReadOnlySpan<byte> payload) => Convert.ToHexStringLower(SHA256.HashData(payload));

    /// <summary>
    /// Builds the canonical request. <paramref name="signedHeaders"/> are lower-case names; each is
    /// looked up in <paramref name="headers"/> case-insensitively, repeated headers joined by commas.
    /// </summary>
    public static string CanonicalRequest(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        IReadOnlyList<string> signedHeaders,
        string payloadHash,
        bool normalizePath = true)
    {
        var builder = new StringBuilder();
        builder.Append(method.ToUpperInvariant()).Append('\n');
        builder.Append(CanonicalUri(rawPath, normalizePath)).Append('\n');
        builder.Append(CanonicalQuery(rawQuery)).Append('\n');

        var byName = headers
            .GroupBy(h => h.Key.ToLowerInvariant(), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join(',', g.Select(h => CanonicalHeaderValue(h.Value))), StringComparer.Ordinal);
        foreach (var name in signedHeaders)
        {
            builder.Append(name).Append(':').Append(byName.GetValueOrDefault(name, "")).Append('\n');
        }

        builder.Append('\n').Append(string.Join(';', signedHeaders)).Append('\n');
        builder.Append(payloadHash);
        return builder.ToString();
    }

    public static string StringToSign(string canonicalRequest, DateTimeOffset time, string scope) =>
        $"{Algorithm}\n{FormatAmzDate(time)}\n{scope}\n{HashHex(Encoding.UTF8.GetBytes(canonicalRequest))}";

    public static byte[] SigningKey(string secretAccessKey, DateTimeOffset time, string region, string service)
    {
        var date = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey),
            Encoding.UTF8.GetBytes(time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)));
        var regionKey = HMACSHA256.HashData(date, Encoding.UTF8.GetBytes(region));
        var serviceKey = HMACSHA256.HashData(regionKey, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(serviceKey, "aws4_request"u8);
    }

    public static string Signature(byte[] signingKey, string stringToSign) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(signingKey, Encoding.UTF8.GetBytes(stringToSign)));

    public static string AuthorizationHeader(string accessKeyId, string scope, IReadOnlyList<string> signedHeaders, string signature) =>
        $"{Algorithm} Credential={accessKeyId}/{scope}, SignedHeaders={string.Join(';', signedHeaders)}, Signature={signature}";

    /// <summary>
    /// The canonical URI: the path with dot segments and repeated slashes removed (when normalising),
    /// each segment percent-encoded per RFC 3986. The input is the path as sent, percent-decoded first
    /// so that an already encoded path is not encoded twice.
    /// </summary>
    public static string CanonicalUri(string rawPath, bool normalize)
    {
        var path = string.IsNullOrEmpty(rawPath) ? "/" : Uri.UnescapeDataString(rawPath);
        if (normalize)
        {
            path = NormalizePath(path);
        }

        var segments = path.Split('/');
        return string.Join('/', segments.Select(UriEncode));
    }

    private static string NormalizePath(string path)
    {
        var output = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            switch (segment)
            {
                case "" or ".":
                    continue;
                case "..":
                    if (output.Count > 0)
                    {
                        output.RemoveAt(output.Count - 1);
                    }

                    continue;
                default:
                    output.Add(segment);
                    break;
            }
        }

        var trailingSlash = path.EndsWith('/') || path.EndsWith("/.", StringComparison.Ordinal) || path.EndsWith("/..", StringComparison.Ordinal);
        var normalized = "/" + string.Join('/', output);
        return trailingSlash && output.Count > 0 ? normalized + "/" : normalized;
    }

    /// <summary>Sorted, RFC 3986 encoded query parameters; an empty query is the empty string.</summary>
    public static string CanonicalQuery(string rawQuery)
    {
        if (string.IsNullOrEmpty(rawQuery))
        {
            return "";
        }

        var pairs = rawQuery.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(part =>
            {
                var equals = part.IndexOf('=', StringComparison.Ordinal);
                var key = equals < 0 ? part : part[..equals];
                var value = equals < 0 ? "" : part[(equals + 1)..];
                return (Key: UriEncode(Uri.UnescapeDataString(key)), Value: UriEncode(Uri.UnescapeDataString(value)));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal);
        return string.Join('&', pairs.Select(p => $"{p.Key}={p.Value}"));
    }

    /// <summary>Trims the value and folds every run of whitespace (including line breaks) into one space.</summary>
    public static string CanonicalHeaderValue(string value)
    {
        var builder = new StringBuilder(value.Length);
        var pendingSpace = false;
        foreach (var c in value.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = true;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>RFC 3986 encoding: unreserved characters kept, every other UTF-8 byte as %XX (upper case).</summary>
    public static string UriEncode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }
}
