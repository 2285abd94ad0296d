using System.Net.Http.Headers;
using Forge.Aws.Signing;
using Polly;

namespace Forge.Aws.Protocols;

/// <summary>
/// An encoded request body with the headers that say what it is; <paramref name="PathAndQuery"/> is the operation's
/// URI for protocols that bind one (restJson1), relative to the service's endpoint; null posts to the endpoint itself.
/// </summary>
public sealed record AwsRequestBody(byte[] Content, string ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? PathAndQuery = null);

/// <summary>A successful answer: the raw body, for the protocol to decode.</summary>
public sealed record AwsResponseBody(byte[] Content, string? RequestId);

/// <summary>
/// Sends one AWS operation: resolves the endpoint, signs each attempt afresh (a retried request gets
/// a new date), runs it through the service's resilience pipeline and decodes errors.
/// </summary>
public sealed class AwsTransport(
    HttpClient httpClient,
    IAwsCredentialsSource credentials,
    AwsEndpoints endpoints,
    AwsResiliencePipelines pipelines,
    TimeProvider timeProvider)
{
    /// <summary>The per-service pipelines, shared with clients that do not send through this transport (the SSM SDK).</summary>
    public AwsResiliencePipelines Pipelines => pipelines;

    /// <summary>
    /// The HTTP client over Forge's handler chain, shared likewise: the SSM SDK sends through it, so
    /// whatever handlers Forge is given (in tests, the model conformance check) see SSM's requests too.
    /// </summary>
    public HttpClient HttpClient => httpClient;

    /// <summary>Where the signing keys come from, shared likewise.</summary>
    public IAwsCredentialsSource Credentials => credentials;

    public async Task<AwsResponseBody> SendAsync(AwsService service, string region, string operation,
        AwsRequestBody body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(body);
        // The operation key names the AWS operation in the pipeline's telemetry: calls and throttling per operation.
        var context = ResilienceContextPool.Shared.Get(operation, cancellationToken);
        try
        {
            return await pipelines.For(service).ExecuteAsync(
                async (ctx, _) => await SendOnceAsync(service, region, operation, body, ctx.CancellationToken).ConfigureAwait(false),
                context, 0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async Task<AwsResponseBody> SendOnceAsync(AwsService service, string region, string operation,
        AwsRequestBody body, CancellationToken cancellationToken)
    {
        var endpoint = endpoints.Resolve(service, region);
        using var request = new HttpRequestMessage(HttpMethod.Post, body.PathAndQuery is null ? endpoint : new Uri(endpoint, body.PathAndQuery));
        request.Content = new ByteArrayContent(body.Content);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(body.ContentType);
        foreach (var header in body.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var keys = await credentials.GetCredentialsAsync(cancellationToken).ConfigureAwait(false);
        SigV4Signer.Sign(request, body.Content, keys, region, service.SigningName, timeProvider.GetUtcNow());

        using var response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var content = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw AwsErrorDecoder.Decode(service, operation, response.StatusCode, name => Header(response, name), content);
        }

        return new AwsResponseBody(content, Header(response, "x-amzn-RequestId") ?? Header(response, "x-amz-request-id"));
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
