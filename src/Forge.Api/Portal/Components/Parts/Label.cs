using Forge.Api.Workspaces;

namespace Forge.Api.Portal.Components.Parts;

/// <summary>How the portal names a workstation: its blueprint, system and the start of its id, which tells a user's apart.</summary>
public static class Label
{
    public static string Of(WorkspaceView workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return $"{workspace.Blueprint} {workspace.OperatingSystem} {ShortId(workspace.Id)}";
    }

    public static string ShortId(Guid id) => id.ToString("N")[..8];
}
