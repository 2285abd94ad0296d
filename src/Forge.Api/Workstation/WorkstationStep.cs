using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;

namespace Forge.Api.Workstation;

/// <summary>What a pass learns of a command it sent: still running, or finished with its output.</summary>
public sealed record CommandResult(string Status, int ResponseCode, string Output, string Error)
{
    public static readonly CommandResult Pending = new("Pending", -1, "", "");

    public bool Finished => Status is "Success" or "Failed" or "Cancelled" or "TimedOut" or "Undeliverable" or "Terminated" or "DeliveryTimedOut" or "ExecutionTimedOut";

    /// <summary>SSM says Success and the script exited 0: the one definition of a command that worked.</summary>
    public bool Succeeded => Status == "Success" && ResponseCode == 0;

    /// <summary>Why it failed: the script's error output, else its output, else SSM's status (a stopped machine's command ends undelivered).</summary>
    public string FailureReason => $"{Status}: {(Error.Trim() is { Length: > 0 } error ? error : Output.Trim() is { Length: > 0 } output ? output : $"exit code {ResponseCode}, no output")}";
}

/// <summary>
/// A change a step asks for when its command is sent or judged, recorded by the engine in the same
/// save as the step itself: a judge decides, it never writes.
/// </summary>
public abstract record WorkstationEffect
{
    /// <summary>Stages the change in <paramref name="context"/>'s unit of work (the engine saves once).</summary>
    public abstract Task ApplyAsync(EffectContext context, CancellationToken cancellationToken);
}

/// <summary>What an effect may change: the pass's unit of work, the workspace it is about, the audit log.</summary>
public sealed record EffectContext(ForgeDbContext Db, Workspace Workspace, AuditLog Audit, DateTimeOffset Now);

/// <summary>An audit entry by the system about the workspace (or <paramref name="Target"/>).</summary>
public sealed record AuditEffect(string Action, string Outcome, string? Detail, string? Target = null) : WorkstationEffect
{
    public override Task ApplyAsync(EffectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Audit.Stage(AuditLog.SystemActor, Action, Target ?? context.Workspace.Id.ToString(), Outcome, null, Detail);
        return Task.CompletedTask;
    }
}

/// <summary>What a finished command means for its step, and what to record with it.</summary>
public sealed record StepVerdict(bool Succeeded, string? Error, IReadOnlyList<WorkstationEffect> Effects)
{
    public static readonly StepVerdict Success = new(true, null, []);

    public static StepVerdict Failure(string error) => new(false, error, []);

    public StepVerdict With(params WorkstationEffect[] effects) => this with { Effects = [.. Effects, .. effects] };
}

/// <summary>What one attempt of a step sends to the machine, and what to record when it is sent.</summary>
public sealed record WorkstationCommand(string Document, IReadOnlyDictionary<string, List<string>> Parameters, IReadOnlyList<WorkstationEffect>? OnSent = null);

/// <summary>What a step needs to know about the workspace beyond its row to say whether it applies.</summary>
public sealed record StepContext(Workspace Workspace, bool VolumeMounted);

/// <summary>
/// A step that runs one of Forge's SSM documents on the machine. Its place in each transition is
/// declared in <see cref="Transitions"/>; the engine sends its command, looks at it on later passes
/// and asks <see cref="JudgeAsync"/> once it finished. Both <see cref="CommandAsync"/> and
/// <see cref="JudgeAsync"/> read only: what they want recorded comes back as effects.
/// </summary>
public interface IWorkstationStep
{
    /// <summary>The step's name in the workspace's step list (<c>join-domain</c>).</summary>
    string Name { get; }

    /// <summary>Attempts before the transition fails (or, for an optional step, goes on without it).</summary>
    int MaxAttempts { get; }

    /// <summary>The least time between a failed attempt and the next.</summary>
    TimeSpan RetryDelay { get; }

    /// <summary>When an attempt fails, the earlier step to run again first (verification repairs by re-applying), or null.</summary>
    string? RepairStep { get; }

    /// <summary>Whether the transition can end without this step: its failure is recorded and the next step follows.</summary>
    bool IsOptional { get; }

    /// <summary>How long a sent command may run before its attempt is judged failed, or null for SSM's own timeout.</summary>
    TimeSpan? CommandTimeout { get; }

    /// <summary>Whether this workspace needs the step now (a volume step only where volumes exist or one is mounted).</summary>
    bool AppliesTo(StepContext context);

    /// <summary>
    /// The command for the next attempt, or null while it cannot be sent yet (its volume is still being
    /// created). An exception fails the attempt; <see cref="WorkstationStepSkippedException"/> skips an optional step.
    /// </summary>
    Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken);

    /// <summary>Judges a finished command (<see cref="CommandResult.Succeeded"/> alone may not be enough: a report to compare).</summary>
    Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken);

    /// <summary>What to record when the step is skipped because the machine is not running (an unmount still releases the volume).</summary>
    IReadOnlyList<WorkstationEffect> EffectsWhenSkipped(Workspace workspace) => [];
}

/// <summary>
/// What most command steps share: required, retried at once, no repair step, SSM's own timeout, for
/// every workspace. A step states only what differs.
/// </summary>
public abstract class CommandStep : IWorkstationStep
{
    public abstract string Name { get; }

    public abstract int MaxAttempts { get; }

    public virtual TimeSpan RetryDelay => TimeSpan.Zero;

    public virtual string? RepairStep => null;

    public virtual bool IsOptional => false;

    public virtual TimeSpan? CommandTimeout => null;

    public virtual bool AppliesTo(StepContext context) => true;

    public abstract Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken);

    public abstract Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken);

    public virtual IReadOnlyList<WorkstationEffect> EffectsWhenSkipped(Workspace workspace) => [];
}

/// <summary>A step with slow preparation that may overlap the WorkSpace's build (creating the user's FSx volume).</summary>
public interface IPreparedWhileBuilding
{
    /// <summary>Called once, right after the WorkSpace was asked for. A failure is logged; the step's command must not depend on it.</summary>
    Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by an optional step's <see cref="IWorkstationStep.CommandAsync"/> when it cannot apply to this
/// workspace now and retrying cannot change that (the user's volume is mounted into another live
/// workstation): the step is recorded skipped with the message and the transition goes on at once.
/// </summary>
public sealed class WorkstationStepSkippedException(string message) : Exception(message);

/// <summary>The planner's view of a command step: data only.</summary>
public sealed record PlannedStep(string Name, int MaxAttempts, TimeSpan RetryDelay, string? RepairStep = null, bool IsOptional = false)
{
    public static PlannedStep Of(IWorkstationStep step)
    {
        ArgumentNullException.ThrowIfNull(step);
        return new(step.Name, step.MaxAttempts, step.RetryDelay, step.RepairStep, step.IsOptional);
    }
}

/// <summary>The command steps by name (registration order means nothing: <see cref="Transitions"/> orders them).</summary>
public sealed class WorkstationStepCatalog(IEnumerable<IWorkstationStep> steps)
{
    private readonly Dictionary<string, IWorkstationStep> _steps = steps.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IWorkstationStep Get(string name) => _steps.TryGetValue(name, out var step)
        ? step
        : throw new InvalidOperationException($"No command step named '{name}' is registered.");

    public IEnumerable<IWorkstationStep> All => _steps.Values;

    /// <summary>The command steps that apply to the workspace now, as the planner sees them.</summary>
    public IReadOnlyDictionary<string, PlannedStep> Applicable(StepContext context) =>
        _steps.Values.Where(s => s.AppliesTo(context)).ToDictionary(s => s.Name, PlannedStep.Of, StringComparer.Ordinal);
}
