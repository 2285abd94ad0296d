namespace Forge.Api.Workspaces;

/// <summary>The provisioning pipeline after AVAILABLE (see the class documentation in WorkspacePlanner.cs).</summary>
public static partial class WorkspacePlanner
{
    private static WorkspacePlan PlanPipeline(WorkspaceSnapshot workspace, IReadOnlyList<StepSnapshot> steps, DateTimeOffset now, IReadOnlyList<PipelineStep> pipeline)
    {
        foreach (var definition in pipeline)
        {
            var rows = steps.Where(s => s.Name == definition.Name).ToList();
            var last = rows.LastOrDefault();
            if (last?.Status is StepStatus.Succeeded or StepStatus.Skipped)
            {
                continue;
            }

            if (last?.Status == StepStatus.Failed && rows.Count >= definition.MaxAttempts)
            {
                if (definition.IsOptional)
                {
                    continue; // Given up: the workspace goes on without it.
                }

                return new WorkspacePlan(WorkspaceAction.Fail, definition.Name,
                    Error: $"{definition.Name} failed after {rows.Count} attempts.", TerminateCloud: true);
            }

            if (last is { Status: StepStatus.Running, CommandId: not null })
            {
                return workspace.Verdict switch
                {
                    null => new WorkspacePlan(WorkspaceAction.Wait, definition.Name),
                    { Succeeded: true } => new WorkspacePlan(WorkspaceAction.CompleteStep, definition.Name),
                    var failed when rows.Count >= definition.MaxAttempts && definition.IsOptional => new WorkspacePlan(WorkspaceAction.AbandonStep,
                        definition.Name, Error: $"{definition.Name} failed after {rows.Count} attempts (the workspace goes on without it): {failed.Error}"),
                    var failed when rows.Count >= definition.MaxAttempts => new WorkspacePlan(WorkspaceAction.Fail, definition.Name,
                        Error: $"{definition.Name} failed after {rows.Count} attempts: {failed.Error}", TerminateCloud: true),
                    var failed => new WorkspacePlan(WorkspaceAction.FailAttempt, definition.Name, Error: failed.Error, RepairStep: definition.RepairStep),
                };
            }

            // Between attempts nothing is recorded: the next attempt's row starts when it is sent.
            if (last is { Status: StepStatus.Failed, CompletedAt: { } failedAt } && now < failedAt + definition.RetryDelay)
            {
                return new WorkspacePlan(WorkspaceAction.Wait, definition.Name, RetryAt: failedAt + definition.RetryDelay);
            }

            return new WorkspacePlan(WorkspaceAction.SendCommand, definition.Name);
        }

        // Every step done (the last closed its own row; with no steps, wait-available is still open).
        return new WorkspacePlan(WorkspaceAction.Complete, pipeline.Count == 0 ? WorkspaceSteps.WaitAvailable : "", WorkspaceStatus.Ready);
    }

    private static StepSnapshot? Latest(IReadOnlyList<StepSnapshot> steps, string name) => steps.LastOrDefault(s => s.Name == name);
}
