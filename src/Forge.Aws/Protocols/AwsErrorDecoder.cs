using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Forge.Aws.Protocols;

/// <summary>Turns an AWS error answer of any of the three protocols into an <see cref="AwsServiceException"/>.</summary>
public static class AwsErrorDecoder
{
    public static AwsServiceException Decode(AwsService service, string operation, HttpStatusCode status,
        Func<string, string?> header, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(header);
        var requestId = header("x-amzn-RequestId") ?? header("x-amz-request-id");
        var (code, message, bodyRequestId) = service.Protocol == AwsProtocol.AwsQuery
            ? FromXml(body)
            : FromJson(body, header);

        if (service.QueryCompatible && header("x-amzn-query-error") is { } queryError)
        {
            // "InvalidParameterValue;Sender": the Query code wins over the JSON shape name.
            code = queryError.Split(';')[0];
        }

        code = string.IsNullOrWhiteSpace(code) ? $"Http{(int)status}" : code;
        return new AwsServiceException(service.Name, operation, code, message ?? "", status,
            requestId ?? bodyRequestId, AwsErrorClassifier.IsTransient(code, status));
    }

    /// <summary>Header first, then <c>__type</c>, then <c>code</c>; keep what follows '#' and precedes ':'.</summary>
    public static string CleanJsonErrorCode(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var code = raw.Split(':')[0];
        var hash = code.LastIndexOf('#');
        return (hash >= 0 ? code[(hash + 1)..] : code).Trim();
    }

    private static (string? Code, string? Message, string? RequestId) FromJson(ReadOnlySpan<byte> body, Func<string, string?> header)
    {
        string? code = header("x-amzn-ErrorType");
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body.IsEmpty ? "{}"u8.ToArray() : body.ToArray());
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                var root = document.RootElement;
                code ??= String(root, "__type") ?? String(root, "code") ?? String(root, "Code");
                message = String(root, "message") ?? String(root, "Message") ?? String(root, "errorMessage");
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the HTTP status decides.
        }

        return (code is null ? null : CleanJsonErrorCode(code), message, null);
    }

    private static (string? Code, string? Message, string? RequestId) FromXml(ReadOnlySpan<byte> body)
    {
        try
        {
            var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(body));
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            var requestId = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "RequestId")?.Value;
            return (Child(error, "Code"), Child(error, "Message"), requestId);
        }
        catch (System.Xml.XmlException)
        {
            return (null, null, null);
        }
    }

    private static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
