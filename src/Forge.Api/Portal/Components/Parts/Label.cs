using Forge.Api.Workspaces;

namespace Forge.Api.Portal.Components.Parts;

/// <summary>
/// How the portal names a workstation: its blueprint, system and the end of its id, which tells a user's apart (ids are
/// time-ordered, so their start is the same for workstations requested about the same time).
/// </summary>
public static class Label
{
    public static string Of(WorkspaceView workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return $"{workspace.Blueprint} {workspace.OperatingSystem} {ShortId(workspace.Id)}";
    }

    public static string ShortId(Guid id) => id.ToString("N")[^8..];

    /// <summary>How the workstation was obtained, in words (<see cref="Monitoring.ProvisioningPaths"/>).</summary>
    public static string PathOf(WorkspaceView workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.ProvisioningPath switch
        {
            Monitoring.ProvisioningPaths.PoolRunning => "claimed from the warm pool's running tier",
            Monitoring.ProvisioningPaths.PoolStopped => "claimed from the warm pool's stopped tier (resumed)",
            Monitoring.ProvisioningPaths.OnDemand => "built on demand",
            var other => other,
        };
    }

    public static bool FromPool(WorkspaceView workspace) =>
        workspace?.ProvisioningPath is Monitoring.ProvisioningPaths.PoolRunning or Monitoring.ProvisioningPaths.PoolStopped;
}
