namespace Forge.Api.Workspaces;

/// <summary>
/// One developer workstation as Forge knows it: who asked, what was chosen and why, where the
/// cloud WorkSpace is, and the phase it is in. The Forge user (<see cref="OwnerId"/>) and the
/// directory user the WorkSpace is bound to (<see cref="DirectoryUser"/>) are kept apart: a
/// warm-pool WorkSpace is built for a pool identity and handed to an owner later.
/// </summary>
public sealed class Workspace
{
    public Guid Id { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>
    /// The owner's teams when the workspace was requested, as a record. Visibility and secrets use the
    /// owner's current teams instead (<see cref="Auth.UserIdentity"/>).
    /// </summary>
    public List<string> OwnerTeams { get; set; } = [];

    /// <summary>The owner's roles when the workspace was requested, as a record; secrets use their current roles.</summary>
    public List<string> OwnerRoles { get; set; } = [];

    public required string DirectoryUser { get; set; }

    public required string Blueprint { get; set; }

    public required string OperatingSystem { get; set; }

    public required string BundleId { get; set; }

    public required string Region { get; set; }

    public required string RegionReason { get; set; }

    /// <summary>How the workstation was obtained (<see cref="Monitoring.ProvisioningPaths"/>): built on demand, or claimed from a warm pool running or stopped.</summary>
    public string ProvisioningPath { get; set; } = Monitoring.ProvisioningPaths.OnDemand;

    /// <summary>
    /// The warm pool it was built for (<see cref="Pools.PoolKey"/> as text), or null for an on-demand build. While
    /// <see cref="ClaimedAt"/> is null it is a pool member: owned by <see cref="Pools.PoolMembers.Owner"/>, bound to a
    /// pool identity (<see cref="DirectoryUser"/>), seen by nobody but admins through the pools API.
    /// </summary>
    public string? Pool { get; set; }

    /// <summary>When a pool member's build began (its <see cref="RequestedAt"/> becomes the claim's): the lead time learned is from here to <see cref="PooledAt"/>.</summary>
    public DateTimeOffset? PoolBuildStartedAt { get; set; }

    /// <summary>When a pool member passed verification and joined its pool.</summary>
    public DateTimeOffset? PooledAt { get; set; }

    /// <summary>When a request claimed this pool member: from then on it is the owner's workstation.</summary>
    public DateTimeOffset? ClaimedAt { get; set; }

    /// <summary>When the pool identity of an ended pool-built workstation was disabled and deleted, with its credential.</summary>
    public DateTimeOffset? IdentityRetiredAt { get; set; }

    public required string DirectoryId { get; set; }

    public string Status { get; set; } = WorkspaceStatus.Provisioning;

    public string? CloudWorkspaceId { get; set; }

    public string? CloudState { get; set; }

    public string? ComputerName { get; set; }

    public string? IpAddress { get; set; }

    /// <summary>The directory's registration code, read when the directory was secured: what a WorkSpaces client registers with.</summary>
    public string? RegistrationCode { get; set; }

    /// <summary>The machine's SSM managed node (<c>mi-...</c>), found once its agent is online.</summary>
    public string? ManagedInstanceId { get; set; }

    public bool KeepAlive { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>A digest of the creating request: the same key with a different request is refused.</summary>
    public string? RequestFingerprint { get; set; }

    public string? Error { get; set; }

    /// <summary>When the cloud call of the current transition (create, stop, start, reboot, terminate) was sent.</summary>
    public DateTimeOffset? ActionIssuedAt { get; set; }

    /// <summary>The transition under way (<see cref="Workstation.Transitions"/>: provision, stop, sync-dotfiles...), or null at rest.</summary>
    public string? Transition { get; set; }

    /// <summary>The last step sequence before the current transition began: its steps are the ones after it.</summary>
    public int TransitionStepsAfter { get; set; }

    /// <summary>A dotfile sync of this ready workstation was asked for (on demand or by the periodic pass) and has not begun.</summary>
    public bool DotfileSyncDue { get; set; }

    /// <summary>The owner's secrets changed (a rotation, a team or role) since they were injected here, and no injection has begun.</summary>
    public bool SecretsDue { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ReadyAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }

    public DateTimeOffset? TerminatedAt { get; set; }

    /// <summary>Bumped on every save: a concurrent writer that read an older version fails instead of overwriting.</summary>
    public int Version { get; set; }

    public List<WorkspaceStep> Steps { get; set; } = [];

    /// <summary>A pool member nobody has claimed yet.</summary>
    public bool IsUnclaimedPoolMember => Pool is not null && ClaimedAt is null;

    /// <summary>What the lifecycle manager knows and plans for it (its own row: the engine never writes it); null until its first pass.</summary>
    public Lifecycle.WorkspaceLifecycle? Lifecycle { get; set; }
}

/// <summary>One step of a workspace's life (create, wait for AVAILABLE, stop...), with its attempts and last error.</summary>
public sealed class WorkspaceStep
{
    public Guid Id { get; set; }

    public Guid WorkspaceId { get; set; }

    public int Sequence { get; set; }

    public required string Name { get; set; }

    public string Status { get; set; } = StepStatus.Running;

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>The SSM command this attempt sent: a retried pass polls it instead of sending again.</summary>
    public string? CommandId { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>The phases a workspace goes through, as the API reports them.</summary>
public static class WorkspaceStatus
{
    public const string Provisioning = "provisioning";
    public const string Ready = "ready";
    public const string Stopping = "stopping";
    public const string Stopped = "stopped";
    public const string Starting = "starting";
    public const string Rebooting = "rebooting";
    public const string Terminating = "terminating";
    public const string Terminated = "terminated";
    public const string Failed = "failed";

    public static readonly IReadOnlyList<string> All =
        [Provisioning, Ready, Stopping, Stopped, Starting, Rebooting, Terminating, Terminated, Failed];

    /// <summary>Phases in which the reconciler still has work to do.</summary>
    public static bool IsTransitional(string status) =>
        status is Provisioning or Stopping or Starting or Rebooting or Terminating;
}

public static class StepStatus
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";

    /// <summary>An optional step that cannot apply to this workspace now (its user volume is in use elsewhere): not attempted, with the reason.</summary>
    public const string Skipped = "skipped";
}
