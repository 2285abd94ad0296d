using System.Text;
using System.Text.Json;

namespace Forge.Aws.Protocols;

/// <summary>
/// Invokes restJson1 operations that POST a JSON body to a fixed URI and bind some input members to the query
/// string (every Directory Service Data operation: <c>POST /Users/CreateUser?DirectoryId=…</c>). The caller says
/// which values travel in the query; the body holds the rest, serialised as the awsJson protocols do.
/// </summary>
public sealed class AwsRestJsonClient(AwsTransport transport, AwsService service, string defaultRegion)
{
    public AwsService Service => service;

    public async Task<TResponse> PostAsync<TRequest, TResponse>(string operation, string path, IReadOnlyList<KeyValuePair<string, string>> query,
        TRequest body, string? region, CancellationToken cancellationToken)
        where TResponse : new()
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(query);
        var uri = new StringBuilder(path);
        for (var i = 0; i < query.Count; i++)
        {
            uri.Append(i == 0 ? '?' : '&').Append(Uri.EscapeDataString(query[i].Key)).Append('=').Append(Uri.EscapeDataString(query[i].Value));
        }

        var content = JsonSerializer.SerializeToUtf8Bytes(body, AwsJson.Options);
        var response = await transport.SendAsync(service, region ?? defaultRegion, operation,
            new AwsRequestBody(content, service.JsonContentType, [], uri.ToString()), cancellationToken).ConfigureAwait(false);
        return response.Content.Length == 0
            ? new TResponse()
            : JsonSerializer.Deserialize<TResponse>(response.Content, AwsJson.Options) ?? new TResponse();
    }
}
