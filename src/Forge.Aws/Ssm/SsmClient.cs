using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SimpleSystemsManagement;
using Amazon.SimpleSystemsManagement.Model;
using Polly;

namespace Forge.Aws.Ssm;

/// <summary>
/// AWS Systems Manager through AWSSDK.SimpleSystemsManagement, held to Forge's rules: the same
/// endpoint resolution, credentials and HTTP handler chain as every other client, the SDK's own retries off, and each
/// call run through Forge's <c>ssm</c> resilience pipeline with SDK errors turned into
/// <see cref="AwsServiceException"/> so the pipeline classifies them like any other AWS error.
/// One SDK client per region, kept for the life of this object.
/// </summary>
public sealed class SsmClient(AwsClientFactory factory) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<AmazonSimpleSystemsManagementClient>> _clients = new(StringComparer.Ordinal);

    public Task<SendCommandResponse> SendCommandAsync(SendCommandRequest request, string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(SendCommandAsync), region, (c, t) => c.SendCommandAsync(request, t), ct);

    /// <summary>Answers InvocationDoesNotExist for a short while after SendCommand: Run Command is eventually consistent.</summary>
    public Task<GetCommandInvocationResponse> GetCommandInvocationAsync(GetCommandInvocationRequest request, string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(GetCommandInvocationAsync), region, (c, t) => c.GetCommandInvocationAsync(request, t), ct);

    public Task<CreateDocumentResponse> CreateDocumentAsync(CreateDocumentRequest request, string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(CreateDocumentAsync), region, (c, t) => c.CreateDocumentAsync(request, t), ct);

    public Task<UpdateDocumentResponse> UpdateDocumentAsync(UpdateDocumentRequest request, string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(UpdateDocumentAsync), region, (c, t) => c.UpdateDocumentAsync(request, t), ct);

    /// <summary>Makes a version the one SSM runs for a command that names no version (or <c>$DEFAULT</c>).</summary>
    public Task<UpdateDocumentDefaultVersionResponse> UpdateDocumentDefaultVersionAsync(UpdateDocumentDefaultVersionRequest request,
        string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(UpdateDocumentDefaultVersionAsync), region, (c, t) => c.UpdateDocumentDefaultVersionAsync(request, t), ct);

    public Task<DescribeDocumentResponse> DescribeDocumentAsync(DescribeDocumentRequest request, string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(DescribeDocumentAsync), region, (c, t) => c.DescribeDocumentAsync(request, t), ct);

    public Task<DescribeInstanceInformationResponse> DescribeInstanceInformationAsync(DescribeInstanceInformationRequest request,
        string? region = null, CancellationToken ct = default) =>
        InvokeAsync(nameof(DescribeInstanceInformationAsync), region, (c, t) => c.DescribeInstanceInformationAsync(request, t), ct);

    /// <summary>Every managed node DescribeInstanceInformation returns for <paramref name="request"/>, following NextToken.</summary>
    public async IAsyncEnumerable<InstanceInformation> DescribeAllInstanceInformationAsync(DescribeInstanceInformationRequest request,
        string? region = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = null;
        do
        {
            var page = new DescribeInstanceInformationRequest
            {
                Filters = request.Filters,
                InstanceInformationFilterList = request.InstanceInformationFilterList,
                MaxResults = request.MaxResults,
                NextToken = token,
            };
            var response = await DescribeInstanceInformationAsync(page, region, ct).ConfigureAwait(false);
            foreach (var node in response.InstanceInformationList ?? [])
            {
                yield return node;
            }

            token = response.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }

    private async Task<T> InvokeAsync<T>(string method, string? region,
        Func<AmazonSimpleSystemsManagementClient, CancellationToken, Task<T>> call, CancellationToken ct)
    {
        var client = For(region ?? factory.Options.DefaultRegion);
        var operation = method[..^"Async".Length];
        var context = ResilienceContextPool.Shared.Get(operation, ct); // names the operation in the pipeline's telemetry
        try
        {
            return await factory.Pipelines.For(AwsServices.Ssm).ExecuteAsync(async (ctx, _) =>
            {
                try
                {
                    return await call(client, ctx.CancellationToken).ConfigureAwait(false);
                }
                catch (AmazonServiceException error)
                {
                    throw ToForge(operation, error);
                }
            }, context, 0).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The SDK's error as Forge's, classified by the same rules as the hand-written clients.</summary>
    internal static AwsServiceException ToForge(string operation, AmazonServiceException error)
    {
        var code = string.IsNullOrEmpty(error.ErrorCode) ? $"Http{(int)error.StatusCode}" : error.ErrorCode;
        return new AwsServiceException(AwsServices.Ssm.Name, operation, code, error.Message ?? "", error.StatusCode,
            error.RequestId, AwsErrorClassifier.IsTransient(code, error.StatusCode));
    }

    private AmazonSimpleSystemsManagementClient For(string region) =>
        _clients.GetOrAdd(region, r => new Lazy<AmazonSimpleSystemsManagementClient>(() => Create(r))).Value;

    private AmazonSimpleSystemsManagementClient Create(string region)
    {
        var options = factory.Options;
        var config = new AmazonSimpleSystemsManagementConfig
        {
            // Forge's pipeline is the only retry loop: the SDK makes exactly one attempt.
            MaxErrorRetry = 0,
            RetryMode = RequestRetryMode.Standard,
            AuthenticationRegion = region,
            // Through Forge's own handler chain, like every other client; Forge owns the HttpClient.
            HttpClientFactory = new ForgeHttpClientFactory(factory.Http),
        };
        if (options.ServiceUrl is { } url)
        {
            config.ServiceURL = url.ToString();
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }

        return new AmazonSimpleSystemsManagementClient(Credentials(options), config);
    }

    private AWSCredentials Credentials(AwsOptions options) =>
        options.AccessKeyId is { Length: > 0 } key && options.SecretAccessKey is { Length: > 0 } secret
            ? new BasicAWSCredentials(key, secret)
            : (factory.Credentials as SdkDefaultCredentialsSource)?.SdkCredentials ?? DefaultAWSCredentialsIdentityResolver.GetCredentials();

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }

        _clients.Clear();
    }
}
