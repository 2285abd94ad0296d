using Forge.Api.Workspaces;

namespace Forge.Api.Workstation;

/// <summary>
/// Keeps a workspace's step list, the one place attempts are counted: a cloud step's row counts the
/// calls made for it and the failures met; a command step has one row per attempt, numbered. The open
/// row of a name is reused while it runs; a new name closes the previous open row as succeeded.
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

    /// <summary>A new transition begins: a step still open belongs to the one it replaces and ends failed, with why.</summary>
    public void Interrupted(string reason)
    {
        if (workspace.Steps.OrderBy(s => s.Sequence).LastOrDefault() is { Status: StepStatus.Running } open)
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
        if (last is not null && last.Name == name && last.Status == StepStatus.Running)
        {
            last.UpdatedAt = now;
            last.Attempts += startAttempt ? 1 : 0;
            return last;
        }

        if (last is { Status: StepStatus.Running })
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

    private static string? Truncate(string? error) => error is { Length: > 2048 } ? error[..2048] : error;
}
