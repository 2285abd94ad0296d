namespace Forge.Api.Workspaces;

/// <summary>
/// Keeps a workspace's step list: the open step of a name is reused while it runs, a new name
/// closes the previous step as succeeded. Attempts count calls made for the step and failures.
/// </summary>
internal sealed class WorkspaceStepRecorder(Workspace workspace, TimeProvider timeProvider)
{
    public WorkspaceStep Waiting(string name) => Open(name, startAttempt: false);

    public WorkspaceStep Attempt(string name) => Open(name, startAttempt: true);

    public void Succeeded(string name)
    {
        var step = Open(name, startAttempt: false);
        step.Status = StepStatus.Succeeded;
        step.CompletedAt = step.UpdatedAt = timeProvider.GetUtcNow();
        step.LastError = null;
    }

    /// <summary>Closes the step as skipped with <paramref name="reason"/>: it could not apply, so it was not attempted.</summary>
    public void Skipped(string name, string reason)
    {
        var step = Open(name, startAttempt: false);
        step.Status = StepStatus.Skipped;
        step.LastError = reason is { Length: > 2048 } ? reason[..2048] : reason;
        step.CompletedAt = step.UpdatedAt = timeProvider.GetUtcNow();
    }

    /// <summary>
    /// Records a failure. <paramref name="countAttempt"/>: the failure is an attempt of its own (not a
    /// call already counted). <paramref name="close"/>: the step ends failed (the workspace fails).
    /// </summary>
    public WorkspaceStep Failed(string name, string error, bool countAttempt, bool close)
    {
        var step = Open(name, startAttempt: countAttempt);
        var now = timeProvider.GetUtcNow();
        step.LastError = error is { Length: > 2048 } ? error[..2048] : error;
        step.UpdatedAt = now;
        if (close)
        {
            step.Status = StepStatus.Failed;
            step.CompletedAt = now;
        }

        return step;
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
}
