using System.Collections.Concurrent;
using Forge.Aws;
using Forge.Aws.WorkSpaces;
using AwsWorkspace = Forge.Aws.WorkSpaces.Workspace;

namespace Forge.Api.Cloud;

/// <summary>
/// <see cref="IWorkspaceCloud"/> over Forge's WorkSpaces client. Every WorkSpace Forge creates is
/// tagged with its Forge id; a create first looks among the directory user's WorkSpaces for one
/// carrying that tag, so a retried step adopts what an interrupted attempt made. Blueprints name
/// public bundles by name ("Standard with Amazon Linux 2"): their ids differ per region, so they
/// are resolved in the workspace's region (an id, <c>wsb-...</c>, is used as it is). Describes go
/// through a <see cref="WorkspaceDescribeBatcher"/>: up to 25 WorkSpaces a call. A request's own
/// CreateWorkspaces (on-demand) and StartWorkspaces (a stopped pool member claimed) go through a
/// <see cref="RegionCallBatcher{TItem, TOutcome}"/> each: those of one region within half a second share a call.
/// </summary>
public sealed class AwsWorkspaceCloud : IWorkspaceCloud
{
    private readonly WorkSpacesClient _client;
    private readonly WorkspaceDescribeBatcher _describes;
    private readonly RegionCallBatcher<WorkspaceRequest, CreateAnswer> _creates;
    private readonly RegionCallBatcher<string, FailedWorkspaceChangeRequest?> _starts;

    public AwsWorkspaceCloud(WorkSpacesClient client, TimeProvider timeProvider)
    {
        _client = client;
        _describes = new(timeProvider);
        _creates = new(timeProvider, MaxCreatesPerCall, CreateAsync);
        _starts = new(timeProvider, WorkSpacesLimits.MaxBatchSize, StartManyAsync);
    }

    public const string ForgeIdTag = "forge:workspace-id";
    public const string BlueprintTag = "forge:blueprint";

    private readonly ConcurrentDictionary<(string Region, string Name), string> _bundles = new();


    public async Task<CloudWorkspace> EnsureCreatedAsync(WorkspaceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (await FindAsync(spec, cancellationToken) is { } existing)
        {
            return existing;
        }

        // Looked for alone above (each caller adopts its own earlier attempt); created with the other
        // requests of its region that arrive within the batcher's window, in one call.
        var bundleId = await ResolveBundleAsync(spec.BundleId, spec.Region, cancellationToken);
        var answer = await _creates.CallAsync(spec.Region, Request(spec, bundleId), cancellationToken);
        if (answer.Failed is { } f)
        {
            throw new WorkspaceCloudException($"CreateWorkspaces refused the request: {f.ErrorCode}: {f.ErrorMessage}",
                terminal: !WorkSpacesItemErrors.IsRetryable(f.ErrorCode));
        }

        return Map(answer.Created
            ?? throw new WorkspaceCloudException("CreateWorkspaces answered with neither a pending nor a failed request.", terminal: false));
    }

    /// <summary>One WorkSpace's part of a CreateWorkspaces answer: made, refused, or (neither) not mentioned.</summary>
    private sealed record CreateAnswer(AwsWorkspace? Created, FailedCreateWorkspaceRequest? Failed);

    private async Task<IReadOnlyList<CreateAnswer>> CreateAsync(string region, IReadOnlyList<WorkspaceRequest> requests, CancellationToken abandoned)
    {
        // Not any one caller's token: the others wait on this call too. It is cancelled once all of them stopped waiting.
        var result = await Guard(() => _client.CreateWorkspacesAsync(new CreateWorkspacesRequest { Workspaces = [.. requests] },
            region, abandoned));
        // Each request carries its own name (forge-<id>), which the answer echoes in both lists; an answer
        // without it is matched by directory and user, which is unique unless one user asked twice at once.
        var pending = result.PendingRequests ?? [];
        var failed = result.FailedRequests ?? [];
        return [.. requests.Select(r => new CreateAnswer(
            pending.FirstOrDefault(w => w.WorkspaceName == r.WorkspaceName)
                ?? OnlyOne(pending.Where(w => w.WorkspaceName is null && Same(w.DirectoryId, w.UserName, r))),
            failed.FirstOrDefault(f => f.WorkspaceRequest?.WorkspaceName == r.WorkspaceName)
                ?? OnlyOne(failed.Where(f => f.WorkspaceRequest is { WorkspaceName: null } q && Same(q.DirectoryId, q.UserName, r)))))];
    }

    private static bool Same(string? directoryId, string? userName, WorkspaceRequest request) =>
        directoryId == request.DirectoryId && string.Equals(userName, request.UserName, StringComparison.OrdinalIgnoreCase);

    private static T? OnlyOne<T>(IEnumerable<T> candidates) where T : class =>
        candidates.Take(2).ToList() is [var only] ? only : null;

    private async Task<IReadOnlyList<FailedWorkspaceChangeRequest?>> StartManyAsync(string region, IReadOnlyList<string> workspaceIds, CancellationToken abandoned)
    {
        var result = await Guard(() => _client.StartWorkspacesAsync(new StartWorkspacesRequest
        {
            StartWorkspaceRequests = [.. workspaceIds.Select(id => new StartRequest { WorkspaceId = id })],
        }, region, abandoned));
        var failed = (result.FailedRequests ?? []).Where(f => f.WorkspaceId is not null)
            .GroupBy(f => f.WorkspaceId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return [.. workspaceIds.Select(failed.GetValueOrDefault)];
    }

    public async Task<IReadOnlyList<CreateOutcome>> CreateManyAsync(IReadOnlyList<WorkspaceSpec> specs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(specs);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(specs.Count, MaxCreatesPerCall);
        if (specs.Count == 0)
        {
            return [];
        }

        var region = specs[0].Region;
        if (specs.Any(s => s.Region != region) || specs.Select(s => s.DirectoryUser).Distinct(StringComparer.OrdinalIgnoreCase).Count() != specs.Count)
        {
            throw new ArgumentException("One call creates WorkSpaces of one region, each for a different directory user.", nameof(specs));
        }

        var bundles = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var bundle in specs.Select(s => s.BundleId).Distinct(StringComparer.Ordinal))
        {
            bundles[bundle] = await ResolveBundleAsync(bundle, region, cancellationToken);
        }

        var result = await Guard(() => _client.CreateWorkspacesAsync(new CreateWorkspacesRequest
        {
            Workspaces = [.. specs.Select(s => Request(s, bundles[s.BundleId]))],
        }, region, cancellationToken));
        // Each spec is for its own directory user, which is how the answer's lists name them.
        var pending = (result.PendingRequests ?? []).Where(w => w.UserName is not null).ToDictionary(w => w.UserName!, StringComparer.OrdinalIgnoreCase);
        var failed = (result.FailedRequests ?? []).Where(f => f.WorkspaceRequest?.UserName is not null)
            .ToDictionary(f => f.WorkspaceRequest!.UserName!, StringComparer.OrdinalIgnoreCase);
        return [.. specs.Select(s => pending.TryGetValue(s.DirectoryUser, out var made) ? new CreateOutcome(s, Map(made), null, false)
            : failed.TryGetValue(s.DirectoryUser, out var f) ? new CreateOutcome(s, null, $"{f.ErrorCode}: {f.ErrorMessage}", !WorkSpacesItemErrors.IsRetryable(f.ErrorCode))
            : new CreateOutcome(s, null, "CreateWorkspaces answered with neither a pending nor a failed request for it.", false))];
    }

    /// <summary>CreateWorkspaces takes at most this many WorkSpaces per call.</summary>
    public const int MaxCreatesPerCall = 25;

    private static WorkspaceRequest Request(WorkspaceSpec spec, string bundleId) => new()
    {
        DirectoryId = spec.DirectoryId,
        UserName = spec.DirectoryUser,
        BundleId = bundleId,
        WorkspaceName = "forge-" + spec.ForgeId.ToString("N"),
        WorkspaceProperties = new WorkspaceProperties { RunningMode = RunningMode.AutoStop, RunningModeAutoStopTimeoutInMinutes = spec.AutoStopTimeoutMinutes, Protocols = [Protocol.Wsp] },
        Tags = [new Tag { Key = ForgeIdTag, Value = spec.ForgeId.ToString() }, new Tag { Key = BlueprintTag, Value = spec.Blueprint }],
    };

    public async Task<CloudWorkspace?> FindAsync(WorkspaceSpec spec, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        string? next = null;
        do
        {
            var page = await Guard(() => _client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest
            {
                DirectoryId = spec.DirectoryId, UserName = spec.DirectoryUser, Limit = 25, NextToken = next,
            }, spec.Region, cancellationToken));
            foreach (var candidate in page.Workspaces ?? [])
            {
                if (candidate.State is WorkspaceState.Terminated or WorkspaceState.Terminating || candidate.WorkspaceId is null)
                {
                    continue;
                }

                var tags = await Guard(() => _client.DescribeTagsAsync(new DescribeTagsRequest { ResourceId = candidate.WorkspaceId }, spec.Region, cancellationToken));
                if (tags.TagList?.Any(t => t.Key == ForgeIdTag && t.Value == spec.ForgeId.ToString()) == true)
                {
                    return Map(candidate);
                }
            }

            next = page.NextToken;
        }
        while (next is not null);
        return null;
    }

    public Task<CloudWorkspace?> DescribeAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        _describes.DescribeAsync(workspaceId, region, (ids, ct) => DescribeByIdsAsync(ids, region, ct), cancellationToken);

    public async Task<IReadOnlyList<CloudWorkspace>> DescribeManyAsync(IReadOnlyList<string> workspaceIds, string region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var found = new List<CloudWorkspace>();
        foreach (var batch in workspaceIds.Distinct(StringComparer.Ordinal).Chunk(WorkSpacesLimits.MaxBatchSize))
        {
            var answers = await DescribeByIdsAsync(batch, region, cancellationToken);
            _describes.Record(region, batch, answers);
            found.AddRange(answers);
        }

        return found;
    }

    private async Task<IReadOnlyList<CloudWorkspace>> DescribeByIdsAsync(IReadOnlyList<string> ids, string region, CancellationToken cancellationToken)
    {
        var page = await Guard(() => _client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { WorkspaceIds = [.. ids] }, region, cancellationToken));
        return [.. (page.Workspaces ?? []).Where(w => w.WorkspaceId is not null).Select(Map)];
    }

    public async Task<IReadOnlyList<CloudConnection>> DescribeConnectionsAsync(IReadOnlyList<string> workspaceIds, string region, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspaceIds);
        var found = new List<CloudConnection>();
        foreach (var batch in workspaceIds.Distinct(StringComparer.Ordinal).Chunk(WorkSpacesLimits.MaxBatchSize))
        {
            // At most 25 ids: one page holds every answer, so NextToken never follows.
            var page = await Guard(() => _client.DescribeWorkspacesConnectionStatusAsync(
                new DescribeWorkspacesConnectionStatusRequest { WorkspaceIds = [.. batch] }, region, cancellationToken));
            found.AddRange((page.WorkspacesConnectionStatus ?? []).Where(c => c.WorkspaceId is not null).Select(c => new CloudConnection(
                c.WorkspaceId!, c.ConnectionState ?? ConnectionState.Unknown, c.LastKnownUserConnectionTimestamp, c.ConnectionStateCheckTimestamp)));
        }

        return found;
    }

    public async Task<IReadOnlyList<CloudWorkspaceListing>> ListAsync(string region, CancellationToken cancellationToken)
    {
        var found = new List<CloudWorkspaceListing>();
        string? next = null;
        do
        {
            var page = await Guard(() => _client.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { Limit = WorkSpacesLimits.MaxBatchSize, NextToken = next },
                region, cancellationToken));
            found.AddRange((page.Workspaces ?? []).Where(w => w.WorkspaceId is not null).Select(w => new CloudWorkspaceListing(
                w.WorkspaceId!, w.State ?? WorkspaceState.Pending, w.DirectoryId ?? "", w.UserName ?? "", w.BundleId ?? "")));
            next = page.NextToken;
        }
        while (next is not null);
        return found;
    }

    public async Task<IReadOnlyDictionary<string, string>> TagsAsync(string workspaceId, string region, CancellationToken cancellationToken)
    {
        try
        {
            var tags = await Guard(() => _client.DescribeTagsAsync(new DescribeTagsRequest { ResourceId = workspaceId }, region, cancellationToken));
            return (tags.TagList ?? []).GroupBy(t => t.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Last().Value ?? "", StringComparer.Ordinal);
        }
        catch (WorkspaceCloudException e) when (e.InnerException is AwsServiceException { ErrorCode: "ResourceNotFoundException" or "ResourceNotFound" })
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }
    }

    public Task StopAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        ChangeAsync(workspaceId, region, async () => Check("StopWorkspaces", (await Guard(() => _client.StopWorkspacesAsync(
            new StopWorkspacesRequest { StopWorkspaceRequests = [new StopRequest { WorkspaceId = workspaceId }] }, region, cancellationToken))).FailedRequests));

    /// <summary>A claim's start of a stopped member is a request's own call: it shares one with the region's others (see the batcher).</summary>
    public Task StartAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        ChangeAsync(workspaceId, region, async () =>
        {
            if (await _starts.CallAsync(region, workspaceId, cancellationToken) is { } failed)
            {
                Check("StartWorkspaces", [failed]);
            }
        });

    public Task RebootAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        ChangeAsync(workspaceId, region, async () => Check("RebootWorkspaces", (await Guard(() => _client.RebootWorkspacesAsync(
            new RebootWorkspacesRequest { RebootWorkspaceRequests = [new RebootRequest { WorkspaceId = workspaceId }] }, region, cancellationToken))).FailedRequests));

    public Task TerminateAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        ChangeAsync(workspaceId, region, async () =>
        {
            var result = await Guard(() => _client.TerminateWorkspacesAsync(
                new TerminateWorkspacesRequest { TerminateWorkspaceRequests = [new TerminateRequest { WorkspaceId = workspaceId }] }, region, cancellationToken));
            // Already gone is what terminating wants.
            Check("TerminateWorkspaces", result.FailedRequests?.Where(f => f.ErrorCode is not ("ResourceNotFound" or "ResourceNotFoundException")).ToList());
        });

    /// <summary>A call that changes the WorkSpace: whatever it answers, a describe from before it no longer holds.</summary>
    private async Task ChangeAsync(string workspaceId, string region, Func<Task> call)
    {
        try
        {
            await call();
        }
        finally
        {
            _describes.Forget(workspaceId, region);
        }
    }

    private async Task<string> ResolveBundleAsync(string bundle, string region, CancellationToken cancellationToken)
    {
        if (bundle.StartsWith("wsb-", StringComparison.Ordinal))
        {
            return bundle;
        }

        if (_bundles.TryGetValue((region, bundle), out var cached))
        {
            return cached;
        }

        string? next = null;
        do
        {
            var page = await Guard(() => _client.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON", NextToken = next }, region, cancellationToken));
            foreach (var found in page.Bundles.Where(b => b.Name is not null && b.BundleId is not null))
            {
                _bundles[(region, found.Name!)] = found.BundleId!;
            }

            next = page.NextToken;
        }
        while (next is not null);
        return _bundles.TryGetValue((region, bundle), out var id)
            ? id
            : throw new WorkspaceCloudException($"No public bundle named '{bundle}' in {region}.", terminal: true);
    }

    private static void Check(string operation, List<FailedWorkspaceChangeRequest>? failed)
    {
        if (failed is { Count: > 0 })
        {
            var f = failed[0];
            throw new WorkspaceCloudException($"{operation} refused the request: {f.ErrorCode}: {f.ErrorMessage}",
                terminal: !WorkSpacesItemErrors.IsRetryable(f.ErrorCode));
        }
    }

    // Transient errors (throttling, 5xx) were already retried by the client's pipeline; what is left
    // is either still transient (retry the step later) or a refusal no retry changes.
    private static async Task<T> Guard<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (AwsServiceException e)
        {
            throw new WorkspaceCloudException($"{e.ErrorCode}: {e.Message}", terminal: !e.IsTransient && e.ErrorCode is
                "InvalidParameterValuesException" or "ResourceLimitExceededException" or "AccessDeniedException"
                or "UnsupportedWorkspaceConfigurationException" or "ValidationException", e);
        }
    }

    private static CloudWorkspace Map(AwsWorkspace w) =>
        new(w.WorkspaceId!, w.State ?? WorkspaceState.Pending, w.ComputerName, w.IpAddress, w.ErrorCode, w.ErrorMessage, w.WorkspaceProperties?.Protocols);
}
