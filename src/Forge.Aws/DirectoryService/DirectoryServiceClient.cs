using System.Runtime.CompilerServices;
using Forge.Aws.Protocols;

namespace Forge.Aws.DirectoryService;

/// <summary>AWS Directory Service (API 2015-04-16, awsJson 1.1, signs as <c>ds</c>): DescribeDirectories and ResetUserPassword.</summary>
public sealed class DirectoryServiceClient(AwsClientFactory factory)
{
    private readonly AwsJsonClient _json = factory.Json(AwsServices.DirectoryService);

    public Task<DescribeDirectoriesResult> DescribeDirectoriesAsync(DescribeDirectoriesRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        _json.InvokeAsync<DescribeDirectoriesRequest, DescribeDirectoriesResult>("DescribeDirectories", request, region, cancellationToken);

    /// <summary>Sets a directory user's password (a pool identity's, when it is bound to its developer).</summary>
    public Task<ResetUserPasswordResult> ResetUserPasswordAsync(ResetUserPasswordRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        _json.InvokeAsync<ResetUserPasswordRequest, ResetUserPasswordResult>("ResetUserPassword", request, region, cancellationToken);

    /// <summary>Every directory matching <paramref name="request"/>, following <c>NextToken</c> page by page.</summary>
    public async IAsyncEnumerable<DirectoryDescription> EnumerateDirectoriesAsync(DescribeDirectoriesRequest request,
        string? region = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var token = request.NextToken;
        do
        {
            var page = await DescribeDirectoriesAsync(new DescribeDirectoriesRequest
            {
                DirectoryIds = request.DirectoryIds,
                Limit = request.Limit,
                NextToken = token,
            }, region, cancellationToken).ConfigureAwait(false);
            foreach (var directory in page.DirectoryDescriptions ?? [])
            {
                yield return directory;
            }

            token = page.NextToken;
        }
        while (!string.IsNullOrEmpty(token));
    }
}
