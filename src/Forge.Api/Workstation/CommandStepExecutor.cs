using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;

namespace Forge.Api.Workstation;

/// <summary>
/// The machine half of the engine's acting: sends a command step's document (never waiting for it),
/// and records a judged step with the effects its judge asked for, in the pass's one unit of work.
/// </summary>
public sealed partial class CommandStepExecutor(
    ForgeDbContext db, WorkstationCommands commands, WorkstationStepCatalog catalog, AuditLog audit, TimeProvider timeProvider,
    ILogger<CommandStepExecutor> logger)
{
    internal async Task ActAsync(Workspace workspace, WorkstationPlan plan, StepVerdict? verdict, WorkspaceStepRecorder steps, CancellationToken cancellationToken)
    {
        switch (plan.Action)
        {
            case WorkstationAction.SendCommand:
                await SendAsync(workspace, plan.Step, steps, cancellationToken);
                return;
            case WorkstationAction.CompleteStep:
                await ApplyAsync(workspace, verdict?.Effects, cancellationToken);
                steps.Succeeded(plan.Step);
                return;
            case WorkstationAction.FailAttempt:
                await ApplyAsync(workspace, verdict?.Effects, cancellationToken);
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                LogAttemptFailed(logger, workspace.Id, plan.Step, plan.Error!);
                if (plan.RepairStep is { } repair)
                {
                    steps.Waiting(repair);
                }

                return;
            case WorkstationAction.AbandonStep:
                await ApplyAsync(workspace, verdict?.Effects, cancellationToken);
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                LogStepAbandoned(logger, workspace.Id, plan.Step, plan.Error!);
                return;
            case WorkstationAction.SkipStep:
                await ApplyAsync(workspace, catalog.Get(plan.Step).EffectsWhenSkipped(workspace), cancellationToken);
                steps.Skipped(plan.Step, plan.Error!);
                LogStepSkipped(logger, workspace.Id, plan.Step, plan.Error!);
                return;
            default:
                throw new InvalidOperationException($"{plan.Action} is not a command step action.");
        }
    }

    /// <summary>
    /// One attempt of a command step: its own row, numbered, holding the CommandId so a later pass looks
    /// at that command instead of sending another. Until the machine's agent is online the row waits
    /// without a command.
    /// </summary>
    private async Task SendAsync(Workspace workspace, string name, WorkspaceStepRecorder steps, CancellationToken cancellationToken)
    {
        var row = steps.CommandAttempt(name);
        workspace.ManagedInstanceId ??= await commands.FindInstanceAsync(workspace.CloudWorkspaceId!, workspace.Region, cancellationToken);
        if (workspace.ManagedInstanceId is null)
        {
            return; // The agent is not online yet: the plan looks again soon.
        }

        var step = catalog.Get(name);
        WorkstationCommand? command;
        try
        {
            command = await step.CommandAsync(workspace, cancellationToken);
        }
        catch (WorkstationStepSkippedException e) when (step.IsOptional)
        {
            steps.Skipped(name, e.Message);
            LogStepSkipped(logger, workspace.Id, name, e.Message);
            return;
        }
        catch (Exception e) when (step.IsOptional && !cancellationToken.IsCancellationRequested)
        {
            // An optional step's attempt fails here like one whose command failed: the planner retries or gives up.
            steps.Failed(name, e.Message, countAttempt: false, close: true);
            LogAttemptFailed(logger, workspace.Id, name, e.Message);
            return;
        }

        if (command is null)
        {
            return; // Not ready to send yet (its volume is still being made).
        }

        row.CommandId = await commands.SendAsync(workspace.Region, workspace.ManagedInstanceId, command, workspace.Id, cancellationToken);
        row.LastError = null;
        await ApplyAsync(workspace, command.OnSent, cancellationToken);
        LogCommandSent(logger, workspace.Id, name, row.Attempts, command.Document, row.CommandId);
    }

    private async Task ApplyAsync(Workspace workspace, IReadOnlyList<WorkstationEffect>? effects, CancellationToken cancellationToken)
    {
        var context = new EffectContext(db, workspace, audit, timeProvider.GetUtcNow());
        foreach (var effect in effects ?? [])
        {
            await effect.ApplyAsync(context, cancellationToken);
        }
    }

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} step {Step} attempt {Attempt}: sent {Document} as command {CommandId}")]
    private static partial void LogCommandSent(ILogger logger, Guid workspaceId, string step, int attempt, string document, string commandId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} attempt failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid workspaceId, string step, string error);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} goes on without its optional step {Step}: {Error}")]
    private static partial void LogStepAbandoned(ILogger logger, Guid workspaceId, string step, string error);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} skips step {Step}: {Reason}")]
    private static partial void LogStepSkipped(ILogger logger, Guid workspaceId, string step, string reason);
}
