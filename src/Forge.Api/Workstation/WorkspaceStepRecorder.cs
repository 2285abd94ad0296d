using Forge.Api.Workspaces;

namespace Forge.Api.Workstation;

/// <summary>
/// Keeps a workspace's step list, the one place attempts are counted: a cloud step's row counts the
/// calls made for it and the failures met; a command step has one row per attempt, numbered. The open
/// row of a name is reused while it runs; a new name closes the previous open row as succeeded, unless
/// that row still waits for its command's verdict or runs beside the new one (<see cref="Transition.Beside"/>).
/// </summary>
internal sealed class WorkspaceStepRecorder(Workspace workspace, TimeProvider timeProvider)
{
    public WorkspaceStep Waiting(string name) => Open(name, startAttempt: false);

    public WorkspaceStep Attempt(string name) => Open(name, startAttempt: true);

    /// <summary>A command step's new attempt: a row of its own, numbered among the transition's rows of that name.</summary>
    public WorkspaceStep CommandAttempt(string name)
    {
        var row = Open(name, startAttempt: false);
        row.Attempts = workspace.Steps.Count(s => s.Name == name && s.Sequence > workspace.TransitionStepsAfter);
        return row;
    }

    public void Succeeded(string name) => Close(Open(name, startAttempt: false), StepStatus.Succeeded, null);

    /// <summary>Closes the step as skipped with <paramref name="reason"/>: it could not apply, so it was not attempted.</summary>
    public void Skipped(string name, string reason) => Close(Open(name, startAttempt: false), StepStatus.Skipped, reason);

    /// <summary>
    /// Records a failure. <paramref name="countAttempt"/>: the failure is an attempt of its own (not a
    /// call already counted). <paramref name="close"/>: the step ends failed.
    /// </summary>
    public WorkspaceStep Failed(string name, string error, bool countAttempt, bool close)
    {
        var step = Open(name, startAttempt: countAttempt);
        step.LastError = Truncate(error);
        step.UpdatedAt = timeProvider.GetUtcNow();
        if (close)
        {
            Close(step, StepStatus.Failed, error);
        }

        return step;
    }

    /// <summary>
    /// A new transition begins, or this one failed: the steps still open (several, where steps run side by side)
    /// belong to the one that ended and end failed, with why.
    /// </summary>
    public void Interrupted(string reason)
    {
        foreach (var open in workspace.Steps.Where(s => s.Status == StepStatus.Running))
        {
            Close(open, StepStatus.Failed, reason);
        }
    }

    private void Close(WorkspaceStep step, string status, string? error)
    {
        step.Status = status;
        step.LastError = Truncate(error);
        step.CompletedAt = step.UpdatedAt = timeProvider.GetUtcNow();
    }

    private WorkspaceStep Open(string name, bool startAttempt)
    {
        var now = timeProvider.GetUtcNow();
        var last = workspace.Steps.OrderBy(s => s.Sequence).LastOrDefault();
        var open = workspace.Steps.Where(s => s.Name == name && s.Status == StepStatus.Running && s.Sequence > workspace.TransitionStepsAfter)
            .MaxBy(s => s.Sequence);
        if (open is not null)
        {
            open.UpdatedAt = now;
            open.Attempts += startAttempt ? 1 : 0;
            return open;
        }

        if (last is { Status: StepStatus.Running, CommandId: null } && !RunsBeside(last.Name, name))
        {
            last.Status = StepStatus.Succeeded;
            last.CompletedAt = last.UpdatedAt = now;
        }

        var step = new WorkspaceStep
        {
            Id = Guid.NewGuid(),
            WorkspaceId = workspace.Id,
            Sequence = (last?.Sequence ?? 0) + 1,
            Name = name,
            Attempts = startAttempt ? 1 : 0,
            StartedAt = now,
            UpdatedAt = now,
        };
        workspace.Steps.Add(step);
        return step;
    }

    private bool RunsBeside(string open, string name) => Transitions.Named(workspace.Transition)?.SameStage(open, name) == true;

    private static string? Truncate(string? error) => error is { Length: > 2048 } ? error[..2048] : error;
}
