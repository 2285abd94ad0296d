using Forge.Api.Audit;
using Forge.Api.Jobs;
using Forge.Api.Monitoring;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>
/// The thin executor of a <see cref="WorkspacePlan"/>: one cloud call (or none), the step record and
/// the workspace fields it changes. It decides nothing; the planner did.
/// </summary>
public sealed partial class WorkspaceExecutor(
    IWorkspaceCloud cloud, DirectoryGuard directories, WorkstationCommands commands, ProvisioningPipeline pipeline,
    IEnumerable<IWorkstationLifecycleWork> lifecycleWork, AuditLog audit, ForgeMetrics metrics, TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceExecutor> logger)
{
    internal async Task<JobOutcome> ActAsync(Workspace workspace, WorkspacePlan plan, CloudWorkspace? observed, WorkspaceStepRecorder steps,
        string? correlationId, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        if (plan.Action == WorkspaceAction.None)
        {
            return JobOutcome.Done;
        }

        if (plan.Action == WorkspaceAction.Wait)
        {
            if (plan.RetryAt is { } retryAt)
            {
                // Between two attempts: nothing to record, look again when the next one is due.
                return JobOutcome.LookAgainAfter(retryAt - now);
            }

            // Only the step records the poll: the workspace row (and its version) changes when something happens.
            steps.Waiting(plan.Step);
            return JobOutcome.LookAgainAfter(pipeline.Steps.Any(s => s.Name == plan.Step)
                ? options.Value.CommandPollInterval
                : options.Value.PollInterval);
        }

        workspace.UpdatedAt = now;
        switch (plan.Action)
        {
            case WorkspaceAction.Complete:
                if (plan.Step.Length > 0)
                {
                    steps.Succeeded(plan.Step);
                }

                Connect(workspace, observed);
                if (plan.Step == WorkspaceSteps.Start)
                {
                    foreach (var work in lifecycleWork)
                    {
                        await work.RequestStartWorkAsync(workspace, cancellationToken);
                    }
                }

                Finish(workspace, plan.NextStatus!, null, correlationId);
                return JobOutcome.Done;
            case WorkspaceAction.Fail:
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                await TerminateFailedAsync(workspace, plan, cancellationToken);
                Finish(workspace, WorkspaceStatus.Failed, plan.Error, correlationId);
                return JobOutcome.Done;
            case WorkspaceAction.SecureDirectory or WorkspaceAction.SendCommand or WorkspaceAction.CompleteStep or WorkspaceAction.FailAttempt
                or WorkspaceAction.AbandonStep:
                return await ActOnPipelineAsync(workspace, plan, steps, cancellationToken);
            case WorkspaceAction.PrepareShutdown:
                // The work records its own steps; until it is done this pass records nothing.
                foreach (var work in lifecycleWork)
                {
                    await work.RequestShutdownWorkAsync(workspace, cancellationToken);
                }

                return JobOutcome.LookAgainAfter(options.Value.CommandPollInterval);
            case WorkspaceAction.Create:
                if (workspace.CloudWorkspaceId is { } lost)
                {
                    steps.Failed(WorkspaceSteps.WaitAvailable, $"The cloud no longer shows WorkSpace {lost}; creating another.", countAttempt: false, close: true);
                }

                steps.Attempt(plan.Step);
                var created = await cloud.EnsureCreatedAsync(Spec(workspace), cancellationToken);
                workspace.CloudWorkspaceId = created.WorkspaceId;
                workspace.CloudState = created.State;
                workspace.ActionIssuedAt = now;
                await PrepareStepsAsync(workspace, cancellationToken);
                steps.Succeeded(plan.Step);
                steps.Waiting(WorkspaceSteps.WaitAvailable);
                return JobOutcome.LookAgainAfter(options.Value.PollInterval);
            default:
                steps.Attempt(plan.Step);
                await SendAsync(workspace, plan.Action, cancellationToken);
                workspace.ActionIssuedAt = now;
                return JobOutcome.LookAgainAfter(options.Value.PollInterval);
        }
    }

    /// <summary>The provisioning pipeline's actions: securing the directory, and the SSM steps after AVAILABLE.</summary>
    private async Task<JobOutcome> ActOnPipelineAsync(Workspace workspace, WorkspacePlan plan, WorkspaceStepRecorder steps, CancellationToken cancellationToken)
    {
        switch (plan.Action)
        {
            case WorkspaceAction.SecureDirectory:
                steps.Attempt(plan.Step);
                workspace.RegistrationCode = await directories.EnsureAsync(workspace.Region, workspace.DirectoryId, cancellationToken);
                steps.Succeeded(plan.Step);
                return JobOutcome.LookAgainAfter(TimeSpan.Zero);
            case WorkspaceAction.SendCommand:
                return await SendCommandAsync(workspace, plan.Step, steps, cancellationToken);
            case WorkspaceAction.CompleteStep:
                steps.Succeeded(plan.Step);
                return JobOutcome.LookAgainAfter(TimeSpan.Zero);
            case WorkspaceAction.FailAttempt:
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                LogAttemptFailed(logger, workspace.Id, plan.Step, plan.Error!);
                if (plan.RepairStep is { } repair)
                {
                    steps.Waiting(repair);
                }

                var delay = pipeline.Get(plan.Step).RetryDelay;
                return JobOutcome.LookAgainAfter(plan.RepairStep is null ? delay : TimeSpan.Zero);
            case WorkspaceAction.AbandonStep:
                steps.Failed(plan.Step, plan.Error!, countAttempt: false, close: true);
                LogStepAbandoned(logger, workspace.Id, plan.Step, plan.Error!);
                return JobOutcome.LookAgainAfter(TimeSpan.Zero);
            default:
                throw new InvalidOperationException($"{plan.Action} is not a pipeline action.");
        }
    }

    /// <summary>
    /// One attempt of a pipeline step: its own step row, numbered, holding the CommandId so a later
    /// pass polls that command instead of sending another. Until the machine's agent is online the
    /// row waits without a command.
    /// </summary>
    private async Task<JobOutcome> SendCommandAsync(Workspace workspace, string name, WorkspaceStepRecorder steps, CancellationToken cancellationToken)
    {
        var row = steps.Waiting(name);
        row.Attempts = workspace.Steps.Count(s => s.Name == name);
        workspace.ManagedInstanceId ??= await commands.FindInstanceAsync(workspace.CloudWorkspaceId!, workspace.Region, cancellationToken);
        if (workspace.ManagedInstanceId is null)
        {
            return JobOutcome.LookAgainAfter(options.Value.PollInterval);
        }

        var step = pipeline.Get(name);
        WorkstationCommand? command;
        try
        {
            command = await step.CommandAsync(workspace, cancellationToken);
        }
        catch (WorkstationStepSkippedException e) when (step.IsOptional)
        {
            steps.Skipped(name, e.Message);
            LogStepSkipped(logger, workspace.Id, name, e.Message);
            return JobOutcome.LookAgainAfter(TimeSpan.Zero);
        }
        catch (Exception e) when (step.IsOptional && !cancellationToken.IsCancellationRequested)
        {
            // An optional step's attempt fails here like one whose command failed: the planner retries or gives up.
            steps.Failed(name, e.Message, countAttempt: false, close: true);
            LogAttemptFailed(logger, workspace.Id, name, e.Message);
            return JobOutcome.LookAgainAfter(step.RetryDelay);
        }

        if (command is null)
        {
            return JobOutcome.LookAgainAfter(options.Value.PollInterval); // Not ready to send yet (its volume is still being made).
        }

        row.CommandId = await commands.SendAsync(workspace.Region, workspace.ManagedInstanceId, command.Document, command.Parameters, workspace.Id, cancellationToken);
        row.LastError = null;
        LogCommandSent(logger, workspace.Id, name, row.Attempts, command.Document, row.CommandId);
        return JobOutcome.LookAgainAfter(options.Value.CommandPollInterval);
    }

    /// <summary>Lets the pipeline's steps start slow preparation while the WorkSpace builds; a failure is theirs to report later.</summary>
    private async Task PrepareStepsAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        foreach (var step in pipeline.Steps.Where(s => s.AppliesTo(workspace)))
        {
            try
            {
                await step.PrepareAsync(workspace, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPrepareFailed(logger, e, workspace.Id, step.Name);
            }
        }
    }

    private async Task TerminateFailedAsync(Workspace workspace, WorkspacePlan plan, CancellationToken cancellationToken)
    {
        if (!plan.TerminateCloud || options.Value.KeepFailedWorkspaces)
        {
            return;
        }

        // With no id recorded, an interrupted create may still have made one: look for it by its Forge tag.
        var id = workspace.CloudWorkspaceId ?? (await cloud.FindAsync(Spec(workspace), cancellationToken))?.WorkspaceId;
        if (id is not null)
        {
            await cloud.TerminateAsync(id, workspace.Region, cancellationToken);
            workspace.CloudWorkspaceId = id;
            LogTerminatedFailed(logger, workspace.Id, id);
        }
    }

    private async Task SendAsync(Workspace workspace, WorkspaceAction action, CancellationToken cancellationToken)
    {
        var id = workspace.CloudWorkspaceId;
        if (action == WorkspaceAction.Terminate && id is null)
        {
            // An interrupted create may have made a WorkSpace the database never heard of.
            id = (await cloud.FindAsync(Spec(workspace), cancellationToken))?.WorkspaceId;
            workspace.CloudWorkspaceId = id;
            if (id is null)
            {
                return;
            }
        }

        var task = action switch
        {
            WorkspaceAction.Stop => cloud.StopAsync(id!, workspace.Region, cancellationToken),
            WorkspaceAction.Start => cloud.StartAsync(id!, workspace.Region, cancellationToken),
            WorkspaceAction.Reboot => cloud.RebootAsync(id!, workspace.Region, cancellationToken),
            _ => cloud.TerminateAsync(id!, workspace.Region, cancellationToken),
        };
        await task;
    }

    /// <summary>Ends a transition: the new status, its time, the provisioning metric, the audit entry.</summary>
    public void Finish(Workspace workspace, string status, string? error, string? correlationId)
    {
        var now = timeProvider.GetUtcNow();
        var wasProvisioning = workspace.Status == WorkspaceStatus.Provisioning;
        workspace.Status = status;
        workspace.Error = error;
        workspace.ActionIssuedAt = null;
        workspace.UpdatedAt = now;
        if (status == WorkspaceStatus.Ready && wasProvisioning)
        {
            workspace.ReadyAt = now;
            metrics.ProvisioningFinished(now - workspace.RequestedAt, "ready", workspace.Region, workspace.Blueprint);
        }
        else if (status == WorkspaceStatus.Failed)
        {
            workspace.FailedAt = now;
            if (wasProvisioning)
            {
                metrics.ProvisioningFinished(now - workspace.RequestedAt, "failed", workspace.Region, workspace.Blueprint);
            }
        }
        else if (status == WorkspaceStatus.Terminated)
        {
            workspace.TerminatedAt = now;
        }

        audit.Stage(AuditLog.SystemActor, "workspace." + status, workspace.Id.ToString(),
            status == WorkspaceStatus.Failed ? AuditOutcome.Failed : AuditOutcome.Succeeded, correlationId, error);
        LogFinished(logger, workspace.Id, status);
    }

    private static void Connect(Workspace workspace, CloudWorkspace? observed)
    {
        if (observed is not null)
        {
            workspace.ComputerName = observed.ComputerName ?? workspace.ComputerName;
            workspace.IpAddress = observed.IpAddress ?? workspace.IpAddress;
        }
    }

    internal static WorkspaceSpec Spec(Workspace w) =>
        new(w.Id, w.Region, w.DirectoryId, w.DirectoryUser, w.BundleId, w.OperatingSystem, w.Blueprint);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} step {Step} attempt {Attempt}: sent {Document} as command {CommandId}")]
    private static partial void LogCommandSent(ILogger logger, Guid workspaceId, string step, int attempt, string document, string commandId);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} step {Step} attempt failed: {Error}")]
    private static partial void LogAttemptFailed(ILogger logger, Guid workspaceId, string step, string error);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} failed provisioning; its WorkSpace {CloudWorkspaceId} is terminated")]
    private static partial void LogTerminatedFailed(ILogger logger, Guid workspaceId, string cloudWorkspaceId);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} goes on without its optional step {Step}: {Error}")]
    private static partial void LogStepAbandoned(ILogger logger, Guid workspaceId, string step, string error);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId} skips step {Step}: {Reason}")]
    private static partial void LogStepSkipped(ILogger logger, Guid workspaceId, string step, string reason);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: preparing step {Step} failed; the step will try again when it runs")]
    private static partial void LogPrepareFailed(ILogger logger, Exception exception, Guid workspaceId, string step);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} is now {Status}")]
    private static partial void LogFinished(ILogger logger, Guid workspaceId, string status);
}
