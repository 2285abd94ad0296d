namespace Forge.Api.Cloud;

/// <summary>
/// What Forge asks of the cloud for one workspace. <paramref name="AutoStopTimeoutMinutes"/>: the AUTO_STOP
/// timeout, above the blueprint's idle timeout so Forge's idle stop (which saves the user's data) comes first.
/// </summary>
public sealed record WorkspaceSpec(
    Guid ForgeId, string Region, string DirectoryId, string DirectoryUser, string BundleId, string OperatingSystem, string Blueprint,
    int AutoStopTimeoutMinutes = 120);

/// <summary>A WorkSpace as the cloud reports it. <see cref="State"/> is the WorkSpaces state string (PENDING, AVAILABLE...).</summary>
public sealed record CloudWorkspace(
    string WorkspaceId, string State, string? ComputerName = null, string? IpAddress = null, string? ErrorCode = null, string? ErrorMessage = null,
    IReadOnlyList<string>? Protocols = null);

/// <summary>One WorkSpace of a batched create: made (<see cref="Created"/>), or refused with why and whether retrying can help.</summary>
public sealed record CreateOutcome(WorkspaceSpec Spec, CloudWorkspace? Created, string? Error, bool Terminal);

/// <summary>A WorkSpace as a region's listing shows it: who it is for and what it was built from, for finding the ones no workspace row knows.</summary>
public sealed record CloudWorkspaceListing(string WorkspaceId, string State, string DirectoryId, string UserName, string BundleId);

/// <summary>
/// A WorkSpace's user session as DescribeWorkspacesConnectionStatus reports it: <see cref="State"/> is
/// CONNECTED, DISCONNECTED or UNKNOWN (a WorkSpace that is not running); <see cref="LastConnectedAt"/> is
/// the last known user connection (its start or end), null when nobody has ever connected.
/// </summary>
public sealed record CloudConnection(string WorkspaceId, string State, DateTimeOffset? LastConnectedAt, DateTimeOffset? CheckedAt)
{
    public bool Connected => State == Forge.Aws.WorkSpaces.ConnectionState.Connected;
}

/// <summary>
/// The cloud side of a workspace, as idempotent ensure-operations. <see cref="EnsureCreatedAsync"/>
/// looks for a WorkSpace tagged with the Forge id (or bound to the directory user) before
/// creating one, so a retried step finds what an earlier attempt made.
/// </summary>
public interface IWorkspaceCloud
{
    Task<CloudWorkspace> EnsureCreatedAsync(WorkspaceSpec spec, CancellationToken cancellationToken);

    /// <summary>
    /// Creates WorkSpaces of one region in one CreateWorkspaces call (at most 25), each for its own directory user,
    /// without looking for earlier ones first: for new warm-pool members, whose rows no earlier attempt knew.
    /// </summary>
    Task<IReadOnlyList<CreateOutcome>> CreateManyAsync(IReadOnlyList<WorkspaceSpec> specs, CancellationToken cancellationToken);

    /// <summary>The WorkSpace made for <paramref name="spec"/> by any earlier attempt, or null.</summary>
    Task<CloudWorkspace?> FindAsync(WorkspaceSpec spec, CancellationToken cancellationToken);

    /// <summary>The WorkSpace's current state, or null when the cloud does not (or not yet) show it.</summary>
    Task<CloudWorkspace?> DescribeAsync(string workspaceId, string region, CancellationToken cancellationToken);

    /// <summary>
    /// Many WorkSpaces of one region at once (25 a call), as the sweep watches those at rest; the answers
    /// also serve the jobs it wakes, so a woken job does not ask again. Ids the cloud does not show are left out.
    /// </summary>
    Task<IReadOnlyList<CloudWorkspace>> DescribeManyAsync(IReadOnlyList<string> workspaceIds, string region, CancellationToken cancellationToken);

    /// <summary>
    /// The user sessions of many WorkSpaces of one region (DescribeWorkspacesConnectionStatus, 25 ids a
    /// call, so ⌈N/25⌉ calls for N ids). Ids the cloud does not show are left out.
    /// </summary>
    Task<IReadOnlyList<CloudConnection>> DescribeConnectionsAsync(IReadOnlyList<string> workspaceIds, string region, CancellationToken cancellationToken);

    /// <summary>Every WorkSpace of a region (DescribeWorkspaces, paged 25 at a time: ⌈N/25⌉ calls), terminated ones included.</summary>
    Task<IReadOnlyList<CloudWorkspaceListing>> ListAsync(string region, CancellationToken cancellationToken);

    /// <summary>A WorkSpace's tags (DescribeTags); empty when it has none or is gone.</summary>
    Task<IReadOnlyDictionary<string, string>> TagsAsync(string workspaceId, string region, CancellationToken cancellationToken);

    Task StopAsync(string workspaceId, string region, CancellationToken cancellationToken);

    Task StartAsync(string workspaceId, string region, CancellationToken cancellationToken);

    Task RebootAsync(string workspaceId, string region, CancellationToken cancellationToken);

    Task TerminateAsync(string workspaceId, string region, CancellationToken cancellationToken);
}

/// <summary>A cloud refusal. <see cref="Terminal"/>: retrying cannot help (bad bundle, quota, directory not registered).</summary>
public sealed class WorkspaceCloudException(string message, bool terminal, Exception? inner = null) : Exception(message, inner)
{
    public bool Terminal { get; } = terminal;
}
