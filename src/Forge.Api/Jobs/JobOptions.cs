namespace Forge.Api.Jobs;

/// <summary>How this process runs durable jobs (section <c>Jobs</c>). Defaults in <see cref="JobDefaults"/>.</summary>
public sealed class JobOptions
{
    public const string SectionName = "Jobs";

    /// <summary>
    /// Jobs this process runs at once. Default 16: a run spends nearly all its time waiting on the cloud, often on
    /// the AWS client's rate limit, where a pool's background calls wait behind everyone else's; with 4, a burst of
    /// claims found every worker holding a pool member's pass queued there, and waited for a worker before its first step.
    /// </summary>
    public int Workers { get; set; } = JobDefaults.Workers;

    /// <summary>An idle worker looks for work at least this often, besides being woken in-process. Default 5 s.</summary>
    public TimeSpan PollInterval { get; set; } = JobDefaults.PollInterval;

    /// <summary>A running job proves its worker alive this often. Default 10 s.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = JobDefaults.HeartbeatInterval;

    /// <summary>A running job without a heartbeat for this long is given back to the queue. Default 1 minute.</summary>
    public TimeSpan HeartbeatTimeout { get; set; } = JobDefaults.HeartbeatTimeout;

    /// <summary>How often the reaper looks for such jobs. Default 15 s.</summary>
    public TimeSpan ReapInterval { get; set; } = JobDefaults.ReapInterval;

    /// <summary>First retry delay after a failed run; doubles per consecutive failure. Default 2 s.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = JobDefaults.RetryBaseDelay;

    /// <summary>Longest retry delay. Default 5 minutes.</summary>
    public TimeSpan RetryMaxDelay { get; set; } = JobDefaults.RetryMaxDelay;

    /// <summary>Stops this process from claiming jobs (other replicas still run them). Default false.</summary>
    public bool Paused { get; set; }

    public TimeSpan RetryDelay(int failures) =>
        TimeSpan.FromTicks(Math.Min(RetryMaxDelay.Ticks, RetryBaseDelay.Ticks * (1L << Math.Clamp(failures - 1, 0, 20))));
}

public static class JobDefaults
{
    public const int Workers = 16;
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ReapInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMinutes(5);
}
