using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using Forge.Aws;
using Forge.LocalCloud.Faults;
using Forge.LocalCloud.Models;
using Microsoft.AspNetCore.Http.Features;

namespace Forge.LocalCloud.Protocol;

/// <summary>
/// The single entry point for AWS calls: tells the protocol from the request, verifies the signature,
/// applies injected faults, finds the service and operation, and writes the answer or an AWS-shaped
/// error in that protocol. Nothing a client sends makes it fall over: every failure becomes an error answer.
/// </summary>
public sealed partial class AwsRequestDispatcher(
    IEnumerable<ILocalService> services,
    SignatureVerifier verifier,
    FaultInjector faults,
    TimeProvider timeProvider,
    ILogger<AwsRequestDispatcher> logger)
{
    /// <summary>AWS request bodies are at most a few MB; the largest here is PutMetricData at 1 MB.</summary>
    public const int MaxBodyBytes = 2 * 1024 * 1024;

    private readonly IReadOnlyList<ILocalService> _services = [.. services];

    public async Task HandleAsync(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var requestId = Guid.NewGuid().ToString();
        var protocol = WireProtocols.Detect(http.Request);
        var service = default(ILocalService);
        var operation = "";
        try
        {
            var body = await ReadBodyAsync(http).ConfigureAwait(false);
            var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path.Value ?? "/";
            var signature = verifier.Verify(http.Request.Method, rawTarget, http.Request.Headers, body,
                protocol == AwsWireProtocol.Query);
            body = RequestContentEncoding.Decode(http.Request, body, MaxBodyBytes);

            (service, operation) = Resolve(http.Request, protocol, signature, body);
            var context = new LocalRequestContext(signature.Region, signature.AccessKeyId, requestId, timeProvider.GetUtcNow());

            var decision = faults.Decide(service.Service.Name, operation);
            if (decision.Latency > TimeSpan.Zero)
            {
                await Task.Delay(decision.Latency, timeProvider, http.RequestAborted).ConfigureAwait(false);
            }

            if (decision.Error is { } injected)
            {
                throw injected;
            }

            switch (protocol)
            {
                case AwsWireProtocol.Query:
                    var result = await ((IQueryLocalService)service).InvokeQueryAsync(operation, AwsQueryForm.Parse(body),
                        context with { Now = timeProvider.GetUtcNow() }, http.RequestAborted).ConfigureAwait(false);
                    await AwsResponseWriter.WriteQueryResultAsync(http, service.Service, operation, result, requestId).ConfigureAwait(false);
                    break;
                case AwsWireProtocol.Cbor:
                    // Decoded with awsJson's conventions, so the model judges it exactly like a JSON input.
                    var cborInput = CborJson.DecodeObject(body);
                    ValidationErrors.ThrowIfInvalid(service.Service, operation, cborInput);
                    var cborOutput = await ((IJsonLocalService)service).InvokeAsync(operation, cborInput,
                        context with { Now = timeProvider.GetUtcNow() }, http.RequestAborted).ConfigureAwait(false);
                    await AwsResponseWriter.WriteCborResultAsync(http, cborOutput, requestId).ConfigureAwait(false);
                    break;
                case AwsWireProtocol.RestJson:
                    var restInput = RestJsonInput(service.Service, operation, http.Request, body);
                    ValidationErrors.ThrowIfInvalid(service.Service, operation, restInput);
                    var restOutput = await ((IJsonLocalService)service).InvokeAsync(operation, restInput,
                        context with { Now = timeProvider.GetUtcNow() }, http.RequestAborted).ConfigureAwait(false);
                    await AwsResponseWriter.WriteJsonResultAsync(http, service.Service, restOutput, requestId).ConfigureAwait(false);
                    break;
                default:
                    var input = ParseJsonInput(body);
                    // The model is the judge before the service sees anything: required, types, enums, ranges, patterns.
                    ValidationErrors.ThrowIfInvalid(service.Service, operation, input);
                    var output = await ((IJsonLocalService)service).InvokeAsync(operation, input,
                        context with { Now = timeProvider.GetUtcNow() }, http.RequestAborted).ConfigureAwait(false);
                    await AwsResponseWriter.WriteJsonResultAsync(http, service.Service, output, requestId).ConfigureAwait(false);
                    break;
            }
        }
        catch (LocalCloudException error)
        {
            LogError(logger, service?.Service.Name ?? "?", operation, error.Code, error.Message);
            await AwsResponseWriter.WriteErrorAsync(http, protocol, service, error, requestId).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
#pragma warning disable CA1031 // An emulator bug must become a 500 answer, never a dropped connection.
        catch (Exception unexpected)
#pragma warning restore CA1031
        {
            LogUnexpected(logger, unexpected, service?.Service.Name ?? "?", operation);
            var error = new LocalCloudException(
                service?.Service.Protocol == AwsProtocol.AwsQuery ? "InternalError" : "InternalFailure",
                "The local cloud failed to process the request.", 500, senderFault: false);
            await AwsResponseWriter.WriteErrorAsync(http, protocol, service, error, requestId).ConfigureAwait(false);
        }
    }

    private (ILocalService Service, string Operation) Resolve(HttpRequest request, AwsWireProtocol protocol,
        VerifiedSignature signature, byte[] body)
    {
        if (protocol == AwsWireProtocol.Query)
        {
            var form = AwsQueryForm.Parse(body);
            var service = _services.OfType<IQueryLocalService>()
                .FirstOrDefault(s => s.Service.SigningName == signature.SigningName)
                ?? throw new LocalCloudException("InvalidAction", $"No Query service signs as '{signature.SigningName}'.");
            if (!form.TryGetValue("Action", out var action) || string.IsNullOrEmpty(action))
            {
                throw new LocalCloudException("MissingAction", "The request must contain the parameter Action.");
            }

            if (!service.HasOperation(action))
            {
                throw new LocalCloudException("InvalidAction", $"The action {action} is not valid for this web service.");
            }

            return (service, action);
        }

        if (protocol == AwsWireProtocol.RestJson)
        {
            // restJson1 names the operation by its HTTP route; the service is the one the request is signed for.
            var rest = _services.OfType<IJsonLocalService>()
                .FirstOrDefault(s => s.Service.Protocol == AwsProtocol.RestJson1 && s.Service.SigningName == signature.SigningName)
                ?? throw new LocalCloudException("UnknownOperationException", $"No restJson1 service signs as '{signature.SigningName}'.", 404);
            var routed = ServiceModel.For(rest.Service)?.OperationAt(request.Method, request.Path.Value ?? "/");
            if (routed is null || !rest.HasOperation(routed))
            {
                throw new LocalCloudException("UnknownOperationException", $"No operation is bound to {request.Method} {request.Path}.", 404);
            }

            return (rest, routed);
        }

        var target = protocol == AwsWireProtocol.Cbor
            ? CborTarget(request.Path.Value)
            : request.Headers["X-Amz-Target"].ToString();
        var dot = target.LastIndexOf('.');
        if (dot <= 0)
        {
            throw new LocalCloudException("UnknownOperationException", "Missing or malformed X-Amz-Target header.");
        }

        var prefix = target[..dot];
        var operation = target[(dot + 1)..];
        var candidates = protocol == AwsWireProtocol.Cbor ? _services.OfType<ICborLocalService>() : _services.OfType<IJsonLocalService>();
        var json = candidates.FirstOrDefault(s => s.Service.TargetPrefix == prefix);
        if (json is null || !json.HasOperation(operation))
        {
            throw new LocalCloudException("UnknownOperationException", $"Operation {target} is not supported.");
        }

        return (json, operation);
    }

    /// <summary><c>/service/{TargetPrefix}/operation/{Operation}</c> as the <c>Prefix.Operation</c> a JSON target names.</summary>
    private static string CborTarget(string? path)
    {
        var segments = (path ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments is ["service", var name, "operation", var operation] ? $"{name}.{operation}" : "";
    }

    /// <summary>The body's members with the model's query-string members added under their member names, so the model judges them all.</summary>
    private static JsonObject RestJsonInput(AwsService service, string operation, HttpRequest request, byte[] body)
    {
        var input = ParseJsonInput(body);
        foreach (var (name, member) in ServiceModel.For(service)?.QueryStringMembers(operation) ?? [])
        {
            if (request.Query.TryGetValue(name, out var values) && values.Count > 0)
            {
                input[member] = values[0];
            }
        }

        return input;
    }

    private static JsonObject ParseJsonInput(byte[] body)
    {
        if (body.Length == 0)
        {
            return [];
        }

        try
        {
            // Duplicate members are refused while parsing: a JsonObject would otherwise throw when first read.
            return JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new LocalCloudException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException error)
        {
            throw new LocalCloudException("SerializationException", $"The request body is not valid JSON: {error.Message}");
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            throw new LocalCloudException("RequestEntityTooLarge", $"Request body exceeds {MaxBodyBytes} bytes.", 413);
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                throw new LocalCloudException("RequestEntityTooLarge", $"Request body exceeds {MaxBodyBytes} bytes.", 413);
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "{Service}.{Operation} answered {Code}: {Reason}")]
    private static partial void LogError(ILogger logger, string service, string operation, string code, string reason);

    [LoggerMessage(EventId = 101, Level = LogLevel.Error, Message = "{Service}.{Operation} failed inside the local cloud")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string service, string operation);
}

/// <summary>The protocol a request arrived in, told from its headers.</summary>
public enum AwsWireProtocol
{
    /// <summary>awsJson 1.0/1.1: <c>X-Amz-Target</c> names the operation.</summary>
    Json,

    /// <summary>awsQuery: a form body whose <c>Action</c> names the operation.</summary>
    Query,

    /// <summary>rpcv2Cbor: <c>POST /service/{name}/operation/{op}</c> with a CBOR body (CloudWatch).</summary>
    Cbor,

    /// <summary>restJson1: the HTTP method and path name the operation, the body is JSON (Directory Service Data).</summary>
    RestJson,
}

public static class WireProtocols
{
    public static AwsWireProtocol Detect(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Headers[CborJson.ProtocolHeader] == CborJson.ProtocolName
            || request.Path.StartsWithSegments("/service", StringComparison.Ordinal))
        {
            return AwsWireProtocol.Cbor;
        }

        if (request.Headers.ContainsKey("X-Amz-Target"))
        {
            return AwsWireProtocol.Json;
        }

        if (request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true)
        {
            return AwsWireProtocol.Query;
        }

        // awsJson and awsQuery post to the root; an operation with a path of its own is restJson1.
        return request.Path.Value is null or "" or "/" ? AwsWireProtocol.Json : AwsWireProtocol.RestJson;
    }
}
