#if !FORGE_WORKSPACES_CLIENT
namespace Forge.Api.Workspaces;

/// <summary>Stands in while Forge.Aws has no WorkSpaces client: every call is a terminal refusal that says so.</summary>
internal sealed class MissingWorkspaceCloud : IWorkspaceCloud
{
    private static WorkspaceCloudException Missing() =>
        new("This build of Forge has no WorkSpaces client (src/Forge.Aws/WorkSpaces).", terminal: true);

    public Task<CloudWorkspace> EnsureCreatedAsync(WorkspaceSpec spec, CancellationToken cancellationToken) => throw Missing();

    public Task<CloudWorkspace?> FindAsync(WorkspaceSpec spec, CancellationToken cancellationToken) => throw Missing();

    public Task<CloudWorkspace?> DescribeAsync(string workspaceId, string region, CancellationToken cancellationToken) => throw Missing();

    public Task StopAsync(string workspaceId, string region, CancellationToken cancellationToken) => throw Missing();

    public Task StartAsync(string workspaceId, string region, CancellationToken cancellationToken) => throw Missing();

    public Task RebootAsync(string workspaceId, string region, CancellationToken cancellationToken) => throw Missing();

    public Task TerminateAsync(string workspaceId, string region, CancellationToken cancellationToken) => throw Missing();
}
#endif
