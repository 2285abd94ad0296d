namespace Forge.Api.Workspaces;

/// <summary>
/// Work another capability does on a workstation around Forge's own transitions: before a stop or
/// terminate (the user volume: persist dotfiles, unmount) and after a start (mount again, apply
/// dotfiles, inject secrets). It waits on the machine, so it runs as a job of its own, never inside
/// a reconciler pass; the stop or terminate is sent once nothing is pending any more.
/// </summary>
public interface IWorkstationLifecycleWork
{
    /// <summary>Whether the machine still holds something to save before it stops or terminates.</summary>
    Task<bool> ShutdownPendingAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>Asks for that work to run soon; the reconciler looks again until nothing is pending.</summary>
    Task RequestShutdownWorkAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>Asks for the work after a start; staged in the unit of work that makes the workspace ready.</summary>
    Task RequestStartWorkAsync(Workspace workspace, CancellationToken cancellationToken);
}
