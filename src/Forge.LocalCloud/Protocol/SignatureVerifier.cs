using System.Security.Cryptography;
using System.Text;
using Forge.Aws.Signing;
using Microsoft.Extensions.Primitives;

namespace Forge.LocalCloud.Protocol;

/// <summary>The parts of a verified SigV4 signature the dispatcher needs.</summary>
public sealed record VerifiedSignature(string AccessKeyId, string Region, string SigningName);

/// <summary>
/// Verifies SigV4 Authorization headers against the configured credentials, over exactly the
/// headers the client says it signed (SDKs sign different header sets).
/// </summary>
public sealed class SignatureVerifier(LocalCloudOptions options, SigningClock signingClock)
{
    /// <summary>Parses only the credential scope (for choosing the Query service) without verifying.</summary>
    public static string? ScopeService(string? authorization) =>
        ParseAuthorization(authorization) is { } parsed && parsed.Scope.Split('/') is { Length: 4 } parts ? parts[2] : null;

    /// <summary>Verifies the request; throws an AWS-shaped 403/400 when it is not properly signed.</summary>
    public VerifiedSignature Verify(string method, string rawTarget, IEnumerable<KeyValuePair<string, StringValues>> headers,
        ReadOnlySpan<byte> body, bool queryProtocol)
    {
        var headerList = headers.SelectMany(h => h.Value.Select(v => new KeyValuePair<string, string>(h.Key, v ?? ""))).ToList();
        var authorization = headerList.FirstOrDefault(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(authorization))
        {
            throw Error(queryProtocol ? "MissingAuthenticationToken" : "MissingAuthenticationTokenException",
                "Missing Authentication Token", 403);
        }

        var parsed = ParseAuthorization(authorization)
            ?? throw Error(queryProtocol ? "IncompleteSignature" : "IncompleteSignatureException",
                "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' with AWS4-HMAC-SHA256.", 400);
        var scope = parsed.Scope.Split('/');
        if (scope.Length != 4 || scope[3] != "aws4_request")
        {
            throw Error(queryProtocol ? "IncompleteSignature" : "IncompleteSignatureException",
                $"Credential scope '{parsed.Scope}' is not of the form date/region/service/aws4_request.", 400);
        }

        if (!string.Equals(parsed.AccessKeyId, options.AccessKeyId, StringComparison.Ordinal))
        {
            throw Error(queryProtocol ? "InvalidClientTokenId" : "UnrecognizedClientException",
                "The security token included in the request is invalid.", 403);
        }

        var dateValue = headerList.FirstOrDefault(h => h.Key.Equals(SigV4.DateHeader, StringComparison.OrdinalIgnoreCase)).Value;
        if (dateValue is null || !SigV4.TryParseAmzDate(dateValue, out var signedAt))
        {
            throw Error(queryProtocol ? "IncompleteSignature" : "IncompleteSignatureException",
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.", 400);
        }

        if (signingClock.Clocks.Count > 0 && signingClock.Clocks.All(c => (c.GetUtcNow() - signedAt).Duration() > options.MaxClockSkew))
        {
            throw Error(queryProtocol ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                $"Signature expired: {SigV4.FormatAmzDate(signedAt)} is now earlier or later than {SigV4.FormatAmzDate(signingClock.Clocks[0].GetUtcNow())} by more than {options.MaxClockSkew}.", 403);
        }

        var queryStart = rawTarget.IndexOf('?', StringComparison.Ordinal);
        var path = queryStart < 0 ? rawTarget : rawTarget[..queryStart];
        var query = queryStart < 0 ? "" : rawTarget[(queryStart + 1)..];
        var canonical = SigV4.CanonicalRequest(method, path, query, headerList, parsed.SignedHeaders, SigV4.HashHex(body));
        var region = scope[1];
        var service = scope[2];
        var expected = SigV4.Signature(SigV4.SigningKey(options.SecretAccessKey, signedAt, region, service),
            SigV4.StringToSign(canonical, signedAt, parsed.Scope));
        if (!CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(parsed.Signature)))
        {
            throw Error(queryProtocol ? "SignatureDoesNotMatch" : "InvalidSignatureException",
                "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.", 403);
        }

        return new VerifiedSignature(parsed.AccessKeyId, region, service);
    }

    private static LocalCloudException Error(string code, string message, int status) => new(code, message, status);

    private sealed record ParsedAuthorization(string AccessKeyId, string Scope, IReadOnlyList<string> SignedHeaders, string Signature);

    private static ParsedAuthorization? ParseAuthorization(string? header)
    {
        if (header is null || !header.StartsWith(SigV4.Algorithm + " ", StringComparison.Ordinal))
        {
            return null;
        }

        var fields = header[(SigV4.Algorithm.Length + 1)..]
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2))
            .Where(kv => kv.Length == 2)
            .ToDictionary(kv => kv[0], kv => kv[1], StringComparer.Ordinal);
        if (!fields.TryGetValue("Credential", out var credential)
            || !fields.TryGetValue("SignedHeaders", out var signedHeaders)
            || !fields.TryGetValue("Signature", out var signature))
        {
            return null;
        }

        var slash = credential.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            return null;
        }

        return new ParsedAuthorization(credential[..slash], credential[(slash + 1)..],
            signedHeaders.Split(';', StringSplitOptions.RemoveEmptyEntries), signature);
    }
}

/// <summary>
/// The clocks clients sign with; a signing time within the allowed skew of any of them passes. They are
/// not always the local cloud's own clock: a time-scaled local cloud runs ahead of its clients' real
/// clocks, and a manual one can be anywhere (no clocks: no skew check). A test's fake clock is shared
/// by Forge.Aws, while the AWSSDK client for SSM always signs with real time.
/// </summary>
public sealed record SigningClock(IReadOnlyList<TimeProvider> Clocks);
