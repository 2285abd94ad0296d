using System.Text;
using System.Text.Json;
using Forge.Aws;
using Forge.Aws.Signing;

namespace Forge.Tests.Support;

/// <summary>
/// One scenario of the official aws-c-auth SigV4 suite, read from TestData/sigv4. Shared by the signer's
/// tests (Forge.Aws.Tests) and the verifier's (Forge.LocalCloud.Tests): linked into both projects.
/// </summary>
public sealed record SigV4Vector(
    string Name,
    string Method,
    string RawPath,
    string RawQuery,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    AwsCredentials Credentials,
    string Region,
    string Service,
    DateTimeOffset Timestamp,
    bool Normalize,
    bool OmitSessionToken,
    bool SignBody,
    string ExpectedCanonicalRequest,
    string ExpectedStringToSign,
    string ExpectedSignature,
    string ExpectedAuthorization)
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "TestData", "sigv4");

    public static IEnumerable<string> Names() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

    public static SigV4Vector Load(string name)
    {
        var folder = Path.Combine(Root, name);
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "context.json")));
        var root = context.RootElement;
        var credentials = root.GetProperty("credentials");
        var (method, path, query, headers, body) = ParseRequest(File.ReadAllBytes(Path.Combine(folder, "request.txt")));
        var signed = File.ReadAllText(Path.Combine(folder, "header-signed-request.txt"));
        var authorization = signed.Split('\n').First(l => l.StartsWith("Authorization:", StringComparison.Ordinal))["Authorization:".Length..];
        return new SigV4Vector(
            name, method, path, query, headers, body,
            new AwsCredentials(credentials.GetProperty("access_key_id").GetString()!, credentials.GetProperty("secret_access_key").GetString()!,
                credentials.TryGetProperty("token", out var token) ? token.GetString() : null),
            root.GetProperty("region").GetString()!,
            root.GetProperty("service").GetString()!,
            root.GetProperty("timestamp").GetDateTimeOffset(),
            root.GetProperty("normalize").GetBoolean(),
            root.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean(),
            root.GetProperty("sign_body").GetBoolean(),
            File.ReadAllText(Path.Combine(folder, "header-canonical-request.txt")),
            File.ReadAllText(Path.Combine(folder, "header-string-to-sign.txt")),
            File.ReadAllText(Path.Combine(folder, "header-signature.txt")),
            authorization);
    }

    /// <summary>
    /// The request's own headers plus X-Amz-Date, the session token unless the vector adds it after signing,
    /// and the payload hash where the vector signs the body: the headers the signed request carries.
    /// </summary>
    public List<KeyValuePair<string, string>> SignedHeaders()
    {
        var headers = new List<KeyValuePair<string, string>>(Headers) { new("X-Amz-Date", SigV4.FormatAmzDate(Timestamp)) };
        if (Credentials.SessionToken is { } token && !OmitSessionToken)
        {
            headers.Add(new("X-Amz-Security-Token", token));
        }

        if (SignBody)
        {
            headers.Add(new("X-Amz-Content-Sha256", SigV4.HashHex(Body)));
        }

        return headers;
    }

    /// <summary>Parses the raw request: request line, headers with folded continuation lines, then the body.</summary>
    private static (string Method, string Path, string Query, List<KeyValuePair<string, string>> Headers, byte[] Body) ParseRequest(byte[] raw)
    {
        var text = Encoding.UTF8.GetString(raw);
        var split = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = split < 0 ? text.TrimEnd('\n') : text[..split];
        var body = split < 0 ? [] : Encoding.UTF8.GetBytes(text[(split + 2)..]);
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var questionMark = target.IndexOf('?', StringComparison.Ordinal);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return (method, questionMark < 0 ? target : target[..questionMark], questionMark < 0 ? "" : target[(questionMark + 1)..], headers, body);
    }
}
