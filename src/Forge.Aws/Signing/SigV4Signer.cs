using System.Net.Http.Headers;

namespace Forge.Aws.Signing;

/// <summary>Signs an outgoing HTTP request with SigV4 in the Authorization header.</summary>
public static class SigV4Signer
{
    /// <summary>
    /// Adds <c>X-Amz-Date</c>, the session token when there is one, and <c>Authorization</c>.
    /// Signs host, x-amz-*, and content-type: the headers AWS requires plus those that define the operation.
    /// </summary>
    public static void Sign(HttpRequestMessage request, ReadOnlySpan<byte> body, AwsCredentials credentials,
        string region, string signingName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.RequestUri);

        request.Headers.Remove(SigV4.DateHeader);
        request.Headers.TryAddWithoutValidation(SigV4.DateHeader, SigV4.FormatAmzDate(now));
        request.Headers.Remove(SigV4.SecurityTokenHeader);
        if (credentials.SessionToken is { } token)
        {
            request.Headers.TryAddWithoutValidation(SigV4.SecurityTokenHeader, token);
        }

        var uri = request.RequestUri;
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}"),
        };
        AddHeaders(headers, request.Headers);
        if (request.Content is not null)
        {
            AddHeaders(headers, request.Content.Headers);
        }

        var signedHeaders = headers
            .Select(h => h.Key.ToLowerInvariant())
            .Where(name => name is "host" or "content-type" || name.StartsWith("x-amz-", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

        var canonical = SigV4.CanonicalRequest(request.Method.Method, uri.AbsolutePath, uri.Query, headers,
            signedHeaders, SigV4.HashHex(body));
        var scope = SigV4.Scope(now, region, signingName);
        var signature = SigV4.Signature(SigV4.SigningKey(credentials.SecretAccessKey, now, region, signingName),
            SigV4.StringToSign(canonical, now, scope));

        request.Headers.Authorization = null;
        request.Headers.TryAddWithoutValidation("Authorization",
            SigV4.AuthorizationHeader(credentials.AccessKeyId, scope, signedHeaders, signature));
    }

    private static void AddHeaders(List<KeyValuePair<string, string>> into, HttpHeaders headers)
    {
        foreach (var header in headers.NonValidated)
        {
            foreach (var value in header.Value)
            {
                into.Add(new(header.Key, value));
            }
        }
    }
}
