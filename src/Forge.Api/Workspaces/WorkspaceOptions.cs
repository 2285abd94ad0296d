namespace Forge.Api.Workspaces;

/// <summary>How Forge drives workspaces (section <c>Workspaces</c>). Defaults in <see cref="WorkspaceDefaults"/>.</summary>
public sealed class WorkspaceOptions
{
    public const string SectionName = "Workspaces";

    /// <summary>How often a transition in progress (PENDING, STOPPING...) is looked at. Default 15 s.</summary>
    public TimeSpan PollInterval { get; set; } = WorkspaceDefaults.PollInterval;

    /// <summary>
    /// How often a command running inside a workstation (domain join, profile, volume, dotfiles...) is
    /// looked at. Shorter than <see cref="PollInterval"/>: these commands take seconds, and every poll
    /// saved after AVAILABLE is time the developer waits. Default 3 s.
    /// </summary>
    public TimeSpan CommandPollInterval { get; set; } = WorkspaceDefaults.CommandPollInterval;

    /// <summary>A workspace not ready this long after it was requested has failed. Default 40 minutes.</summary>
    public TimeSpan ProvisionTimeout { get; set; } = WorkspaceDefaults.ProvisionTimeout;

    /// <summary>
    /// After a stop, start, reboot or terminate call, how long an unchanged cloud state is taken as
    /// "not yet visible" (AWS is eventually consistent) before the call is sent again. Default 30 s.
    /// </summary>
    public TimeSpan SettleTime { get; set; } = WorkspaceDefaults.SettleTime;

    /// <summary>
    /// A WorkSpace created this long ago that the cloud still does not show is taken as gone (its
    /// creation failed and it was removed, or the cloud lost it, as a restarted local cloud does),
    /// and the create step runs again. Far above AWS's seconds of eventual consistency. Default 2 minutes.
    /// </summary>
    public TimeSpan CreatedWorkspaceGoneAfter { get; set; } = WorkspaceDefaults.CreatedWorkspaceGoneAfter;

    /// <summary>Failed attempts of one step before the workspace is failed. Default 6.</summary>
    public int MaxStepAttempts { get; set; } = WorkspaceDefaults.MaxStepAttempts;

    /// <summary>Forge-JoinDomain attempts before the workspace fails. Default 3.</summary>
    public int DomainJoinAttempts { get; set; } = WorkspaceDefaults.DomainJoinAttempts;

    /// <summary>The least time between two domain-join attempts. Default 30 s.</summary>
    public TimeSpan DomainJoinRetryDelay { get; set; } = WorkspaceDefaults.DomainJoinRetryDelay;

    /// <summary>Security-profile verifications (each failed one re-applies the profile) before the workspace fails. Default 3.</summary>
    public int SecurityVerifyAttempts { get; set; } = WorkspaceDefaults.SecurityVerifyAttempts;

    /// <summary>
    /// Keep the WorkSpace of a workspace that failed provisioning (for investigation) instead of
    /// terminating it. Default false: a failed workstation costs money and holds no work.
    /// </summary>
    public bool KeepFailedWorkspaces { get; set; }

    /// <summary>How often the sweep gives a job to every workspace with work and no job, and looks at every workspace at rest in the cloud. Default 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = WorkspaceDefaults.SweepInterval;

    /// <summary>Stops this process's sweep (jobs still run). Default false.</summary>
    public bool SweepPaused { get; set; }

    /// <summary>
    /// How many live workstations (any status but terminating, terminated and failed) one user may
    /// own; a create past it answers 409. Admins have no quota. Default 3.
    /// </summary>
    public int MaxLiveWorkspacesPerUser { get; set; } = WorkspaceDefaults.MaxLiveWorkspacesPerUser;

    /// <summary>Open event streams (<c>/events</c>) one user may hold on this process; past it 429. Default 5.</summary>
    public int MaxEventStreamsPerUser { get; set; } = WorkspaceDefaults.MaxEventStreamsPerUser;

    /// <summary>Open event streams this process holds for all users together; past it 429. Default 500.</summary>
    public int MaxEventStreams { get; set; } = WorkspaceDefaults.MaxEventStreams;
}

public static class WorkspaceDefaults
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan CommandPollInterval = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan ProvisionTimeout = TimeSpan.FromMinutes(40);
    public static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan CreatedWorkspaceGoneAfter = TimeSpan.FromMinutes(2);
    public const int MaxStepAttempts = 6;
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);
    public const int DomainJoinAttempts = 3;
    public static readonly TimeSpan DomainJoinRetryDelay = TimeSpan.FromSeconds(30);
    public const int SecurityVerifyAttempts = 3;
    public const int MaxLiveWorkspacesPerUser = 3;
    public const int MaxEventStreamsPerUser = 5;
    public const int MaxEventStreams = 500;
}
