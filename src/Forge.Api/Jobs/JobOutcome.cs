namespace Forge.Api.Jobs;

public enum JobOutcomeKind
{
    /// <summary>Nothing left to do.</summary>
    Done,

    /// <summary>Progressing; look again after <see cref="JobOutcome.Delay"/> (a wait, not a failure).</summary>
    LookAgain,

    /// <summary>The run failed; retry with backoff.</summary>
    Retry,

    /// <summary>A terminal error: recorded, never retried.</summary>
    Fail,
}

/// <summary>What a job run asks for next: the reconcile contract of every Forge loop.</summary>
public sealed record JobOutcome(JobOutcomeKind Kind, TimeSpan Delay, string? Error)
{
    public static JobOutcome Done { get; } = new(JobOutcomeKind.Done, TimeSpan.Zero, null);

    public static JobOutcome LookAgainAfter(TimeSpan delay) => new(JobOutcomeKind.LookAgain, delay, null);

    public static JobOutcome Retry(string error) => new(JobOutcomeKind.Retry, TimeSpan.Zero, error);

    public static JobOutcome Fail(string error) => new(JobOutcomeKind.Fail, TimeSpan.Zero, error);
}

/// <summary>Runs one kind of job. Runs are level-based: re-read the subject, act, say what comes next.</summary>
public interface IJobHandler
{
    string Kind { get; }

    Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken);
}

/// <summary>Wakes idle workers in this process when a job is queued.</summary>
public sealed class JobSignal : Platform.Pulse;
