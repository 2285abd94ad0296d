using System.Text.Json;

namespace Forge.Aws.Protocols;

/// <summary>Invokes awsJson 1.0/1.1 operations: <c>X-Amz-Target</c> names the operation, the body is the input.</summary>
public sealed class AwsJsonClient(AwsTransport transport, AwsService service, string defaultRegion)
{
    public AwsService Service => service;

    public async Task<TResponse> InvokeAsync<TRequest, TResponse>(string operation, TRequest request,
        string? region, CancellationToken cancellationToken)
        where TResponse : new()
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, AwsJson.Options);
        var headers = new List<KeyValuePair<string, string>> { new("X-Amz-Target", $"{service.TargetPrefix}.{operation}") };
        if (service.QueryCompatible)
        {
            headers.Add(new("x-amzn-query-mode", "true"));
        }

        var response = await transport.SendAsync(service, region ?? defaultRegion, operation,
            new AwsRequestBody(body, service.JsonContentType, headers), cancellationToken).ConfigureAwait(false);
        return response.Content.Length == 0
            ? new TResponse()
            : JsonSerializer.Deserialize<TResponse>(response.Content, AwsJson.Options) ?? new TResponse();
    }
}
