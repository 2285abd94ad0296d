namespace Forge.Api.Workspaces;

/// <summary>Pulsed whenever a workspace changes in this process; event streams wake on it.</summary>
public sealed class WorkspaceChanges : Platform.Pulse;
