namespace Forge.Api.Workspaces;

/// <summary>What one post-AVAILABLE step sends to the machine.</summary>
public sealed record WorkstationCommand(string Document, IReadOnlyDictionary<string, List<string>> Parameters);

/// <summary>What a finished command means for its step: success, or the reason the attempt failed.</summary>
public sealed record StepVerdict(bool Succeeded, string? Error = null)
{
    public static readonly StepVerdict Success = new(true);

    public static StepVerdict Failure(string error) => new(false, error);
}

/// <summary>
/// One step of the provisioning pipeline after the WorkSpace is AVAILABLE: an SSM document run on
/// the machine. Implementations are registered with <see cref="ProvisioningPipelineExtensions.AddWorkstationStep{T}"/>;
/// see <see cref="WorkspacePlanner"/> for how the list is walked.
/// </summary>
public interface IWorkstationStep
{
    /// <summary>The step's name in the workspace's step list (<c>join-domain</c>).</summary>
    string Name { get; }

    /// <summary>Attempts before the workspace fails.</summary>
    int MaxAttempts { get; }

    /// <summary>The least time between a failed attempt and the next.</summary>
    TimeSpan RetryDelay { get; }

    /// <summary>When an attempt fails, the earlier step to run again first (verification repairs by re-applying), or null.</summary>
    string? RepairStep { get; }

    /// <summary>
    /// Whether the workspace can be ready without this step: when its last attempt fails, the step is
    /// recorded failed (its error shown in the step list) and provisioning goes on. The user-data steps
    /// are optional; hardening and the domain join are not.
    /// </summary>
    bool IsOptional { get; }

    /// <summary>How long a sent command may run before its attempt is judged failed, or null for SSM's own timeout.</summary>
    TimeSpan? CommandTimeout { get; }

    /// <summary>Whether this workspace needs the step at all (a volume step only for users with a volume).</summary>
    bool AppliesTo(Workspace workspace);

    /// <summary>
    /// Called once, right after the WorkSpace was asked for, so slow preparation the step needs later
    /// (creating the user's FSx volume) overlaps the WorkSpace's build. A failure is logged and left to
    /// <see cref="CommandAsync"/>, which must not depend on this having run.
    /// </summary>
    Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>
    /// The command for the next attempt, or null while the step cannot be sent yet (its volume is still
    /// being created): the step's row then waits and the command is asked for again on a later pass.
    /// An exception fails the attempt; <see cref="WorkstationStepSkippedException"/> skips an optional step.
    /// </summary>
    Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>Judges a finished command. <see cref="CommandResult.Succeeded"/> alone may not be enough (a report to compare).</summary>
    Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by an optional step's <see cref="IWorkstationStep.CommandAsync"/> when it cannot apply to this
/// workspace now and retrying cannot change that (the user's volume is mounted into another live
/// workstation): the step is recorded skipped with the message and provisioning goes on at once.
/// </summary>
public sealed class WorkstationStepSkippedException(string message) : Exception(message);

/// <summary>The planner's view of a pipeline step: data only.</summary>
public sealed record PipelineStep(string Name, int MaxAttempts, TimeSpan RetryDelay, string? RepairStep = null, bool IsOptional = false);

/// <summary>The registered steps in registration order: the order they run in.</summary>
public sealed class ProvisioningPipeline(IEnumerable<IWorkstationStep> steps)
{
    public IReadOnlyList<IWorkstationStep> Steps { get; } = [.. steps];

    public IWorkstationStep Get(string name) => Steps.Single(s => s.Name == name);

    public IReadOnlyList<PipelineStep> For(Workspace workspace) =>
        [.. Steps.Where(s => s.AppliesTo(workspace)).Select(s => new PipelineStep(s.Name, s.MaxAttempts, s.RetryDelay, s.RepairStep, s.IsOptional))];
}

public static class ProvisioningPipelineExtensions
{
    /// <summary>Appends a step to the pipeline: steps run in the order they are added, after those already added.</summary>
    public static IServiceCollection AddWorkstationStep<T>(this IServiceCollection services)
        where T : class, IWorkstationStep => services.AddScoped<IWorkstationStep, T>();
}
