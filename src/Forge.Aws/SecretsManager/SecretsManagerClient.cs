using System.Runtime.CompilerServices;
using Forge.Aws.Protocols;

namespace Forge.Aws.SecretsManager;

/// <summary>
/// AWS Secrets Manager over awsJson 1.1. Secret values travel only in request and response bodies:
/// they are never logged, and the shapes that hold them print redacted. Writes that create versions
/// carry a ClientRequestToken chosen once per call, so the pipeline's retries are idempotent.
/// </summary>
public sealed class SecretsManagerClient(AwsClientFactory factory)
{
    private readonly AwsJsonClient _json = factory.Json(AwsServices.SecretsManager);

    public Task<GetSecretValueResponse> GetSecretValueAsync(GetSecretValueRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<GetSecretValueRequest, GetSecretValueResponse>("GetSecretValue", request, region, ct);

    public Task<BatchGetSecretValueResponse> BatchGetSecretValueAsync(BatchGetSecretValueRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<BatchGetSecretValueRequest, BatchGetSecretValueResponse>("BatchGetSecretValue", request, region, ct);

    public Task<ListSecretsResponse> ListSecretsAsync(ListSecretsRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<ListSecretsRequest, ListSecretsResponse>("ListSecrets", request, region, ct);

    public Task<DescribeSecretResponse> DescribeSecretAsync(DescribeSecretRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<DescribeSecretRequest, DescribeSecretResponse>("DescribeSecret", request, region, ct);

    public Task<CreateSecretResponse> CreateSecretAsync(CreateSecretRequest request, string? region = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _json.InvokeAsync<CreateSecretRequest, CreateSecretResponse>("CreateSecret",
            request with { ClientRequestToken = request.ClientRequestToken ?? NewToken() }, region, ct);
    }

    public Task<PutSecretValueResponse> PutSecretValueAsync(PutSecretValueRequest request, string? region = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _json.InvokeAsync<PutSecretValueRequest, PutSecretValueResponse>("PutSecretValue",
            request with { ClientRequestToken = request.ClientRequestToken ?? NewToken() }, region, ct);
    }

    /// <summary>Marks a secret for deletion after its recovery window, or deletes it at once with ForceDeleteWithoutRecovery.</summary>
    public Task<DeleteSecretResponse> DeleteSecretAsync(DeleteSecretRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<DeleteSecretRequest, DeleteSecretResponse>("DeleteSecret", request, region, ct);

    public Task TagResourceAsync(TagResourceRequest request, string? region = null, CancellationToken ct = default) =>
        _json.InvokeAsync<TagResourceRequest, EmptyResponse>("TagResource", request, region, ct);

    public Task<RotateSecretResponse> RotateSecretAsync(RotateSecretRequest request, string? region = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _json.InvokeAsync<RotateSecretRequest, RotateSecretResponse>("RotateSecret",
            request with { ClientRequestToken = request.ClientRequestToken ?? NewToken() }, region, ct);
    }

    /// <summary>Every secret ListSecrets returns for <paramref name="request"/>, following NextToken.</summary>
    public async IAsyncEnumerable<SecretListEntry> ListAllSecretsAsync(ListSecretsRequest request, string? region = null,
        [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = request;
        while (true)
        {
            var response = await ListSecretsAsync(page, region, ct).ConfigureAwait(false);
            foreach (var entry in response.SecretList ?? [])
            {
                yield return entry;
            }

            if (string.IsNullOrEmpty(response.NextToken))
            {
                yield break;
            }

            page = page with { NextToken = response.NextToken };
        }
    }

    private static string NewToken() => Guid.NewGuid().ToString();

    /// <summary>Operations without output answer <c>{}</c>.</summary>
    private sealed class EmptyResponse;
}
