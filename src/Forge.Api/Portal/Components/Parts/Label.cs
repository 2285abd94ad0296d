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
}
