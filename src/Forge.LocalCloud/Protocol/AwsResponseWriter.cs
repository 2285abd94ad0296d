using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Forge.Aws;

namespace Forge.LocalCloud.Protocol;

/// <summary>Writes answers and errors in the shape each protocol prescribes.</summary>
public static class AwsResponseWriter
{
    public static async Task WriteJsonResultAsync(HttpContext http, AwsService service, JsonObject? output, string requestId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(service);
        http.Response.StatusCode = 200;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.ContentType = service.JsonContentType;
        await http.Response.WriteAsync(EpochTimestamps(output ?? []).ToJsonString(), http.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>The JSON protocols send timestamps as epoch seconds: a DateTimeOffset in the tree becomes that number, in place.</summary>
    private static JsonObject EpochTimestamps(JsonObject output)
    {
        Convert(output);
        return output;

        static void Convert(JsonNode? node)
        {
            switch (node)
            {
                case JsonObject map:
                    foreach (var key in map.Select(p => p.Key).ToList())
                    {
                        if (Epoch(map[key]) is { } seconds)
                        {
                            map[key] = seconds;
                        }
                        else
                        {
                            Convert(map[key]);
                        }
                    }

                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (Epoch(array[i]) is { } seconds)
                        {
                            array[i] = seconds;
                        }
                        else
                        {
                            Convert(array[i]);
                        }
                    }

                    break;
            }
        }

        static JsonValue? Epoch(JsonNode? node) =>
            node is JsonValue value && value.TryGetValue<DateTimeOffset>(out var timestamp) ? JsonValue.Create(timestamp.ToUnixTimeMilliseconds() / 1000m) : null;
    }

    /// <summary>rpcv2Cbor: an operation without output answers an empty body and no Content-Type.</summary>
    public static async Task WriteCborResultAsync(HttpContext http, JsonObject? output, string requestId)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = 200;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers[CborJson.ProtocolHeader] = CborJson.ProtocolName;
        if (output is not null)
        {
            http.Response.ContentType = CborJson.ContentType;
            await http.Response.Body.WriteAsync(CborJson.Encode(output), http.RequestAborted).ConfigureAwait(false);
        }
    }

    public static async Task WriteQueryResultAsync(HttpContext http, AwsService service, string operation,
        IReadOnlyList<XElement>? result, string requestId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(service);
        XNamespace ns = service.XmlNamespace ?? "";
        var response = new XElement(ns + $"{operation}Response");
        if (result is not null)
        {
            response.Add(new XElement(ns + $"{operation}Result", result.Select(e => WithNamespace(e, ns))));
        }

        response.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        http.Response.StatusCode = 200;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(new XDocument(response).ToString(SaveOptions.DisableFormatting), http.RequestAborted).ConfigureAwait(false);
    }

    public static async Task WriteErrorAsync(HttpContext http, AwsWireProtocol protocol, ILocalService? service,
        LocalCloudException error, string requestId)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(error);
        if (http.Response.HasStarted)
        {
            return;
        }

        http.Response.Clear();
        http.Response.StatusCode = error.StatusCode;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        if (protocol == AwsWireProtocol.Query)
        {
            XNamespace ns = service?.Service.XmlNamespace ?? "http://webservices.amazon.com/AWSFault/2005-15-09";
            var document = new XElement(ns + "ErrorResponse",
                new XElement(ns + "Error",
                    new XElement(ns + "Type", error.SenderFault ? "Sender" : "Receiver"),
                    new XElement(ns + "Code", error.QueryCode),
                    new XElement(ns + "Message", error.Message)),
                new XElement(ns + "RequestId", requestId));
            http.Response.ContentType = "text/xml";
            await http.Response.WriteAsync(document.ToString(SaveOptions.DisableFormatting)).ConfigureAwait(false);
            return;
        }

        http.Response.Headers["x-amzn-ErrorType"] = error.Code;
        if (service?.Service.QueryCompatible == true)
        {
            http.Response.Headers["x-amzn-query-error"] = $"{error.QueryCode};{(error.SenderFault ? "Sender" : "Receiver")}";
        }

        if (protocol == AwsWireProtocol.Cbor)
        {
            // rpcv2Cbor names the error by its full shape id; clients keep what follows '#'.
            http.Response.Headers[CborJson.ProtocolHeader] = CborJson.ProtocolName;
            http.Response.ContentType = CborJson.ContentType;
            var map = new JsonObject
            {
                ["__type"] = service is null ? error.Code : $"com.amazonaws.{service.Service.Name}#{error.Code}",
                [service?.ErrorMessageMember ?? "message"] = error.Message,
            };
            await http.Response.Body.WriteAsync(CborJson.Encode(map)).ConfigureAwait(false);
            return;
        }

        http.Response.ContentType = service?.Service.JsonContentType ?? "application/x-amz-json-1.1";
        var body = new JsonObject
        {
            ["__type"] = error.Code,
            [service?.ErrorMessageMember ?? "message"] = error.Message,
        };
        foreach (var (name, value) in error.Members ?? new Dictionary<string, string>())
        {
            body[name] = value;
        }

        if (protocol == AwsWireProtocol.RestJson)
        {
            // restJson1 names the error by the x-amzn-ErrorType header alone; the awsJson protocols by __type too.
            body.Remove("__type");
        }

        await http.Response.WriteAsync(body.ToJsonString()).ConfigureAwait(false);
    }

    private static XElement WithNamespace(XElement element, XNamespace ns)
    {
        var copy = new XElement(ns + element.Name.LocalName, element.Attributes());
        foreach (var node in element.Nodes())
        {
            copy.Add(node is XElement child ? WithNamespace(child, ns) : node);
        }

        return copy;
    }
}
