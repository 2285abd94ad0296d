using System.Runtime.CompilerServices;
using Forge.Aws.Protocols;

namespace Forge.Aws.WorkSpaces;

/// <summary>
/// Amazon WorkSpaces (awsJson 1.1, target prefix <c>WorkspacesService</c>). One method per operation;
/// the batch operations answer HTTP 200 with per-item problems in <c>FailedRequests</c>, so callers must
/// read them. <c>*BatchedAsync</c> helpers split any number of ids into calls of at most 25.
/// </summary>
public sealed class WorkSpacesClient(AwsClientFactory factory)
{
    private readonly AwsJsonClient _json = factory.Json(AwsServices.WorkSpaces);

    public Task<CreateWorkspacesResult> CreateWorkspacesAsync(CreateWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<CreateWorkspacesRequest, CreateWorkspacesResult>("CreateWorkspaces", request, region, cancellationToken);

    public Task<DescribeWorkspacesResult> DescribeWorkspacesAsync(DescribeWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<DescribeWorkspacesRequest, DescribeWorkspacesResult>("DescribeWorkspaces", request, region, cancellationToken);

    public Task<DescribeWorkspacesConnectionStatusResult> DescribeWorkspacesConnectionStatusAsync(DescribeWorkspacesConnectionStatusRequest request,
        string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<DescribeWorkspacesConnectionStatusRequest, DescribeWorkspacesConnectionStatusResult>("DescribeWorkspacesConnectionStatus", request, region, cancellationToken);

    public Task<StartWorkspacesResult> StartWorkspacesAsync(StartWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<StartWorkspacesRequest, StartWorkspacesResult>("StartWorkspaces", request, region, cancellationToken);

    public Task<StopWorkspacesResult> StopWorkspacesAsync(StopWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<StopWorkspacesRequest, StopWorkspacesResult>("StopWorkspaces", request, region, cancellationToken);

    public Task<RebootWorkspacesResult> RebootWorkspacesAsync(RebootWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<RebootWorkspacesRequest, RebootWorkspacesResult>("RebootWorkspaces", request, region, cancellationToken);

    public Task<TerminateWorkspacesResult> TerminateWorkspacesAsync(TerminateWorkspacesRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<TerminateWorkspacesRequest, TerminateWorkspacesResult>("TerminateWorkspaces", request, region, cancellationToken);

    public Task<ModifyWorkspacePropertiesResult> ModifyWorkspacePropertiesAsync(ModifyWorkspacePropertiesRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        Invoke<ModifyWorkspacePropertiesRequest, ModifyWorkspacePropertiesResult>("ModifyWorkspaceProperties", request, region, cancellationToken);

    public Task<ModifyWorkspaceAccessPropertiesResult> ModifyWorkspaceAccessPropertiesAsync(ModifyWorkspaceAccessPropertiesRequest request,
        string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<ModifyWorkspaceAccessPropertiesRequest, ModifyWorkspaceAccessPropertiesResult>("ModifyWorkspaceAccessProperties", request, region, cancellationToken);

    public Task<ModifyWorkspaceCreationPropertiesResult> ModifyWorkspaceCreationPropertiesAsync(ModifyWorkspaceCreationPropertiesRequest request,
        string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<ModifyWorkspaceCreationPropertiesRequest, ModifyWorkspaceCreationPropertiesResult>("ModifyWorkspaceCreationProperties", request, region, cancellationToken);

    public Task<DescribeWorkspaceBundlesResult> DescribeWorkspaceBundlesAsync(DescribeWorkspaceBundlesRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        Invoke<DescribeWorkspaceBundlesRequest, DescribeWorkspaceBundlesResult>("DescribeWorkspaceBundles", request, region, cancellationToken);

    public Task<DescribeWorkspaceDirectoriesResult> DescribeWorkspaceDirectoriesAsync(DescribeWorkspaceDirectoriesRequest request, string? region = null,
        CancellationToken cancellationToken = default) =>
        Invoke<DescribeWorkspaceDirectoriesRequest, DescribeWorkspaceDirectoriesResult>("DescribeWorkspaceDirectories", request, region, cancellationToken);

    public Task<CreateTagsResult> CreateTagsAsync(CreateTagsRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<CreateTagsRequest, CreateTagsResult>("CreateTags", request, region, cancellationToken);

    public Task<DeleteTagsResult> DeleteTagsAsync(DeleteTagsRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<DeleteTagsRequest, DeleteTagsResult>("DeleteTags", request, region, cancellationToken);

    public Task<DescribeTagsResult> DescribeTagsAsync(DescribeTagsRequest request, string? region = null, CancellationToken cancellationToken = default) =>
        Invoke<DescribeTagsRequest, DescribeTagsResult>("DescribeTags", request, region, cancellationToken);

    /// <summary>Every WorkSpace matching <paramref name="request"/>, following NextToken page by page.</summary>
    public async IAsyncEnumerable<Workspace> DescribeAllWorkspacesAsync(DescribeWorkspacesRequest request, string? region = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var page = new DescribeWorkspacesRequest
        {
            WorkspaceIds = request.WorkspaceIds,
            DirectoryId = request.DirectoryId,
            UserName = request.UserName,
            BundleId = request.BundleId,
            WorkspaceName = request.WorkspaceName,
            Limit = request.Limit,
            NextToken = request.NextToken,
        };
        do
        {
            var result = await DescribeWorkspacesAsync(page, region, cancellationToken).ConfigureAwait(false);
            foreach (var workspace in result.Workspaces)
            {
                yield return workspace;
            }

            page.NextToken = result.NextToken;
        }
        while (!string.IsNullOrEmpty(page.NextToken));
    }

    /// <summary>Starts any number of WorkSpaces, 25 per call; returns the failures of every call.</summary>
    public Task<List<FailedWorkspaceChangeRequest>> StartWorkspacesBatchedAsync(IEnumerable<string> workspaceIds, string? region = null,
        CancellationToken cancellationToken = default) =>
        InBatchesAsync(workspaceIds, async (batch, ct) => (await StartWorkspacesAsync(
            new StartWorkspacesRequest { StartWorkspaceRequests = [.. batch.Select(id => new StartRequest { WorkspaceId = id })] },
            region, ct).ConfigureAwait(false)).FailedRequests, cancellationToken);

    /// <summary>Stops any number of WorkSpaces, 25 per call; returns the failures of every call.</summary>
    public Task<List<FailedWorkspaceChangeRequest>> StopWorkspacesBatchedAsync(IEnumerable<string> workspaceIds, string? region = null,
        CancellationToken cancellationToken = default) =>
        InBatchesAsync(workspaceIds, async (batch, ct) => (await StopWorkspacesAsync(
            new StopWorkspacesRequest { StopWorkspaceRequests = [.. batch.Select(id => new StopRequest { WorkspaceId = id })] },
            region, ct).ConfigureAwait(false)).FailedRequests, cancellationToken);

    /// <summary>Reboots any number of WorkSpaces, 25 per call; returns the failures of every call.</summary>
    public Task<List<FailedWorkspaceChangeRequest>> RebootWorkspacesBatchedAsync(IEnumerable<string> workspaceIds, string? region = null,
        CancellationToken cancellationToken = default) =>
        InBatchesAsync(workspaceIds, async (batch, ct) => (await RebootWorkspacesAsync(
            new RebootWorkspacesRequest { RebootWorkspaceRequests = [.. batch.Select(id => new RebootRequest { WorkspaceId = id })] },
            region, ct).ConfigureAwait(false)).FailedRequests, cancellationToken);

    /// <summary>Terminates any number of WorkSpaces, 25 per call; returns the failures of every call.</summary>
    public Task<List<FailedWorkspaceChangeRequest>> TerminateWorkspacesBatchedAsync(IEnumerable<string> workspaceIds, string? region = null,
        CancellationToken cancellationToken = default) =>
        InBatchesAsync(workspaceIds, async (batch, ct) => (await TerminateWorkspacesAsync(
            new TerminateWorkspacesRequest { TerminateWorkspaceRequests = [.. batch.Select(id => new TerminateRequest { WorkspaceId = id })] },
            region, ct).ConfigureAwait(false)).FailedRequests, cancellationToken);

    private static async Task<List<FailedWorkspaceChangeRequest>> InBatchesAsync(IEnumerable<string> workspaceIds,
        Func<string[], CancellationToken, Task<List<FailedWorkspaceChangeRequest>>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var failed = new List<FailedWorkspaceChangeRequest>();
        // Batches run one after another: WorkSpaces allows about 2 calls per second per account.
        foreach (var batch in workspaceIds.Chunk(WorkSpacesLimits.MaxBatchSize))
        {
            failed.AddRange(await call(batch, cancellationToken).ConfigureAwait(false));
        }

        return failed;
    }

    private Task<TResult> Invoke<TRequest, TResult>(string operation, TRequest request, string? region, CancellationToken cancellationToken)
        where TResult : new()
    {
        ArgumentNullException.ThrowIfNull(request);
        return _json.InvokeAsync<TRequest, TResult>(operation, request, region, cancellationToken);
    }
}
