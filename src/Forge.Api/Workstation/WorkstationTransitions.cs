using Forge.Api.Workspaces;

namespace Forge.Api.Workstation;

/// <summary>The names of the steps as a workspace's step list shows them.</summary>
public static class StepNames
{
    public const string SecureDirectory = "secure-directory";
    public const string Create = "create-workspace";
    public const string WaitAvailable = "wait-available";
    public const string JoinDomain = "join-domain";
    public const string ApplySecurityProfile = "apply-security-profile";
    public const string VerifySecurityProfile = "verify-security-profile";
    public const string MountVolume = "mount-user-volume";
    public const string ApplyDotfiles = "apply-dotfiles";
    public const string InjectSecrets = "inject-secrets";
    public const string BindIdentity = "bind-pool-identity";
    public const string PersistDotfiles = "persist-dotfiles";
    public const string UnmountVolume = "unmount-user-volume";
    public const string Start = "start-workspace";
    public const string Stop = "stop-workspace";
    public const string Reboot = "reboot-workspace";
    public const string Terminate = "terminate-workspace";

    /// <summary>What a failure outside any step (reading the cloud, the machine's agent) is recorded under.</summary>
    public const string Observe = "observe-workspace";

    /// <summary>The steps that are calls to WorkSpaces (or the directory), judged by what the cloud shows; the others are commands on the machine.</summary>
    public static bool IsCloudStep(string name) => name is SecureDirectory or Create or WaitAvailable or Start or Stop or Reboot or Terminate or BindIdentity;
}

/// <summary>Where a workspace stands toward warm pools: none (built on demand), an unclaimed member, or a member claimed by its owner.</summary>
public enum PoolRole
{
    None,
    Member,
    Claimed,
}

/// <summary>
/// One transition of a workstation: its steps, run in this order, and the status it ends in.
/// <paramref name="NeedsRunningMachine"/>: its command steps only make sense on a running machine (saving
/// dotfiles, delivering secrets); on a machine that is not running they are skipped, not waited for.
/// <paramref name="Beside"/>: command steps that start together with the step before them in the list, because
/// neither needs what the other does; the machine runs their documents side by side. A step with the ones beside it
/// is one stage, and the next stage starts when every step of this one is done. Each stage costs one round trip to
/// the machine instead of one per step.
/// </summary>
public sealed record Transition(string Name, string EndStatus, IReadOnlyList<string> Steps, bool NeedsRunningMachine,
    IReadOnlySet<string>? Beside = null)
{
    /// <summary>The steps in stages, in order: each stage is a step and the ones <see cref="Beside"/> it that follow.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Stages { get; } = ToStages(Steps, Beside);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> run in the same stage (side by side).</summary>
    public bool SameStage(string a, string b) => Stages.Any(stage => stage.Contains(a) && stage.Contains(b));

    private static List<IReadOnlyList<string>> ToStages(IReadOnlyList<string> steps, IReadOnlySet<string>? beside)
    {
        var stages = new List<List<string>>();
        foreach (var step in steps)
        {
            if (stages.Count > 0 && beside?.Contains(step) == true)
            {
                if (StepNames.IsCloudStep(step) || StepNames.IsCloudStep(stages[^1][0]))
                {
                    throw new ArgumentException($"Only command steps run side by side: {step} cannot run beside {stages[^1][0]}.", nameof(beside));
                }

                stages[^1].Add(step);
            }
            else
            {
                stages.Add([step]);
            }
        }

        return [.. stages];
    }
}

/// <summary>
/// Every transition of a workstation, declared once, in the order its steps run. The engine
/// (<see cref="WorkstationPlanner"/>) walks the list; a step that does not apply to a workspace (a
/// volume step where no volume is configured or mounted) is left out for it.
/// </summary>
public static class Transitions
{
    /// <summary>A new workstation: built, joined, hardened and verified, then the user's data.</summary>
    public static readonly Transition Provision = new("provision", WorkspaceStatus.Ready,
    [
        StepNames.SecureDirectory, StepNames.Create, StepNames.WaitAvailable, StepNames.JoinDomain, StepNames.ApplySecurityProfile,
        StepNames.VerifySecurityProfile, StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets,
    ], NeedsRunningMachine: false);

    /// <summary>Started again: ready only once its volume, dotfiles and (current) secrets are back, as for a new one.</summary>
    public static readonly Transition Start = new("start", WorkspaceStatus.Ready,
        [StepNames.Start, StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets], NeedsRunningMachine: false);

    /// <summary>The user's work saved before the machine stops.</summary>
    public static readonly Transition Stop = new("stop", WorkspaceStatus.Stopped,
        [StepNames.PersistDotfiles, StepNames.UnmountVolume, StepNames.Stop], NeedsRunningMachine: true);

    /// <summary>The user's work saved before the machine goes; the volume is kept.</summary>
    public static readonly Transition Terminate = new("terminate", WorkspaceStatus.Terminated,
        [StepNames.PersistDotfiles, StepNames.UnmountVolume, StepNames.Terminate], NeedsRunningMachine: true);

    public static readonly Transition Reboot = new("reboot", WorkspaceStatus.Ready, [StepNames.Reboot], NeedsRunningMachine: false);

    /// <summary>A ready workstation's dotfiles copied to its volume (on demand, or the periodic safety net).</summary>
    public static readonly Transition SyncDotfiles = new("sync-dotfiles", WorkspaceStatus.Ready, [StepNames.PersistDotfiles], NeedsRunningMachine: true);

    /// <summary>A ready workstation's secrets injected again (a rotation, a changed team or role).</summary>
    public static readonly Transition InjectSecrets = new("inject-secrets", WorkspaceStatus.Ready, [StepNames.InjectSecrets], NeedsRunningMachine: true);

    /// <summary>
    /// A warm-pool member's build: the user-independent steps only (created for its pool identity, joined, hardened
    /// and verified). Only a member that passed verification joins its pool.
    /// </summary>
    public static readonly Transition BuildMember = new("build-member", WorkspaceStatus.Ready,
    [
        StepNames.SecureDirectory, StepNames.Create, StepNames.WaitAvailable, StepNames.JoinDomain, StepNames.ApplySecurityProfile,
        StepNames.VerifySecurityProfile,
    ], NeedsRunningMachine: false);

    /// <summary>An idle member parked in the stopped tier: no user data on it to save.</summary>
    public static readonly Transition Park = new("park", WorkspaceStatus.Stopped, [StepNames.Stop], NeedsRunningMachine: false);

    /// <summary>A parked member started into the running tier.</summary>
    public static readonly Transition Resume = new("resume", WorkspaceStatus.Ready, [StepNames.Start], NeedsRunningMachine: false);

    /// <summary>A member the pool no longer needs (or a disabled pool's): terminated, with no user data to save.</summary>
    public static readonly Transition Retire = new("retire", WorkspaceStatus.Terminated, [StepNames.Terminate], NeedsRunningMachine: false);

    /// <summary>
    /// A claimed member made the owner's: started if it was parked, its pool identity bound to the owner, the
    /// security profile's user-dependent parts (the watermark) applied again and verified, then the user's data as
    /// for a new workstation. A developer waits for this one, so its five documents run in two stages: the watermark
    /// is applied while the volume is mounted, then verified while the dotfiles and secrets (which need the mounted
    /// volume and its owner's record) go on. The profile and the volume touch different files.
    /// </summary>
    public static readonly Transition Claim = new("claim", WorkspaceStatus.Ready,
    [
        StepNames.Start, StepNames.BindIdentity, StepNames.ApplySecurityProfile, StepNames.MountVolume, StepNames.VerifySecurityProfile,
        StepNames.ApplyDotfiles, StepNames.InjectSecrets,
    ], NeedsRunningMachine: false, Beside: new HashSet<string>(StringComparer.Ordinal) { StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets });

    public static readonly IReadOnlyList<Transition> All =
        [Provision, Start, Stop, Terminate, Reboot, SyncDotfiles, InjectSecrets, BuildMember, Park, Resume, Retire, Claim];

    /// <summary>
    /// The transitions that make a workstation (a build, a member's build, a claim): bounded by the provisioning
    /// timeout, and a failure leaves nothing running.
    /// </summary>
    public static bool Provisions(Transition transition) => transition == Provision || transition == BuildMember || transition == Claim;

    public static Transition? Named(string? name) => name is null ? null : All.FirstOrDefault(t => t.Name == name);

    /// <summary>The transition a workspace's status asks for, or null at rest. An unclaimed pool member has its own, a claimed one's provisioning is its claim.</summary>
    public static Transition? ForStatus(string status, PoolRole role = PoolRole.None) => (status, role) switch
    {
        (WorkspaceStatus.Provisioning, PoolRole.Member) => BuildMember,
        (WorkspaceStatus.Starting, PoolRole.Member) => Resume,
        (WorkspaceStatus.Stopping, PoolRole.Member) => Park,
        (WorkspaceStatus.Terminating, PoolRole.Member) => Retire,
        (WorkspaceStatus.Provisioning, PoolRole.Claimed) => Claim,
        (WorkspaceStatus.Provisioning, _) => Provision,
        (WorkspaceStatus.Starting, _) => Start,
        (WorkspaceStatus.Stopping, _) => Stop,
        (WorkspaceStatus.Terminating, _) => Terminate,
        (WorkspaceStatus.Rebooting, _) => Reboot,
        _ => null,
    };
}
