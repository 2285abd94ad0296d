using System.Text.Json.Nodes;
using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// One WorkSpace and its state machine. State is a function of time: a transition records when it
/// ends and what follows, and <see cref="Advance"/> replays every step whose instant has passed, so
/// the answer is the same whether it is computed on a read or by a timer. Guarded by the service's lock.
/// </summary>
internal sealed class LocalWorkspace
{
    /// <summary>Pseudo-state after TERMINATED: the id is gone from every answer.</summary>
    public const string Gone = "GONE";

    public required string WorkspaceId { get; init; }

    public required string Region { get; init; }

    public required string DirectoryId { get; init; }

    public required string UserName { get; init; }

    public required string BundleId { get; init; }

    public required JsonObject Request { get; init; }

    public required string IpAddress { get; init; }

    public required string SubnetId { get; init; }

    public required string ComputerName { get; init; }

    /// <summary>The WorkspaceProperties structure as it is answered.</summary>
    public required JsonObject Properties { get; init; }

    public required Machine Machine { get; init; }

    /// <summary>Position in the region's ordered list: creation order, never reused.</summary>
    public required long Sequence { get; init; }

    /// <summary>Before this instant DescribeWorkspaces does not see the WorkSpace (eventual consistency).</summary>
    public required DateTimeOffset VisibleAt { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? LastVolumeIncrease { get; set; }

    public DateTimeOffset? LastComputeIncrease { get; set; }

    public DateTimeOffset? LastComputeDecrease { get; set; }

    public TagSet Tags { get; } = new();

    public string State { get; private set; } = "PENDING";

    public DateTimeOffset StateSince { get; private set; }

    /// <summary>When the current transition ends; null in a stable state.</summary>
    public DateTimeOffset? StateUntil { get; private set; }

    public string? NextState { get; private set; }

    /// <summary>Since when nobody has been connected to the running WorkSpace: the AutoStop clock.</summary>
    public DateTimeOffset? IdleSince { get; private set; }

    /// <summary>A user asked to connect to a stopped AUTO_STOP WorkSpace; they are connected once it is AVAILABLE.</summary>
    public bool ConnectPending { get; set; }

    /// <summary>The resources an UPDATING transition is changing (ModificationStates).</summary>
    public List<string> Modifications { get; } = [];

    public string? DataReplication { get; set; }

    public bool IsGone => State == Gone;

    public string? RunningMode => (string?)Properties[nameof(RunningMode)];

    public bool IsVisible(DateTimeOffset now) => now >= VisibleAt && !IsGone;

    /// <summary>Starts a transition to <paramref name="next"/> that lasts <paramref name="duration"/>.</summary>
    public void Begin(string state, DateTimeOffset at, TimeSpan duration, string next)
    {
        State = state;
        StateSince = at;
        StateUntil = at + duration;
        NextState = next;
        SetMachine(online: false, at);
    }

    /// <summary>Replays every transition whose end lies at or before <paramref name="now"/>.</summary>
    public void Advance(DateTimeOffset now, TimeSpan transition)
    {
        while (!IsGone)
        {
            if (StateUntil is { } until)
            {
                if (until > now)
                {
                    return;
                }

                Complete(NextState!, until, transition);
            }
            else if (AutoStopAt() is { } stopAt && stopAt <= now)
            {
                Begin("STOPPING", stopAt, transition, "STOPPED");
            }
            else
            {
                return;
            }
        }
    }

    /// <summary>The next instant at which the state changes by itself, if any.</summary>
    public DateTimeOffset? NextChangeAt() => StateUntil ?? AutoStopAt();

    /// <summary>An AUTO_STOP WorkSpace stops once nobody has been connected for its timeout.</summary>
    public DateTimeOffset? AutoStopAt()
    {
        if (State != "AVAILABLE" || RunningMode != "AUTO_STOP" || IdleSince is not { } idle)
        {
            return null;
        }

        lock (Machine.Gate)
        {
            if (Machine.UserConnected)
            {
                return null;
            }
        }

        var minutes = (int?)Properties["RunningModeAutoStopTimeoutInMinutes"] ?? 60;
        return idle + TimeSpan.FromMinutes(minutes);
    }

    public void UserConnected(DateTimeOffset at)
    {
        lock (Machine.Gate)
        {
            Machine.UserConnected = true;
            Machine.LastUserConnection = at;
        }

        IdleSince = null;
    }

    public void UserDisconnected(DateTimeOffset at)
    {
        lock (Machine.Gate)
        {
            if (Machine.UserConnected)
            {
                Machine.LastUserConnection = at;
            }

            Machine.UserConnected = false;
        }

        IdleSince = State == "AVAILABLE" ? at : IdleSince;
    }

    private void Complete(string next, DateTimeOffset at, TimeSpan transition)
    {
        StateUntil = null;
        NextState = null;
        Modifications.Clear();
        switch (next)
        {
            case "TERMINATED":
                // TERMINATED shows only briefly before the WorkSpace disappears.
                Begin("TERMINATED", at, transition, Gone);
                break;
            case "AVAILABLE":
                State = next;
                StateSince = at;
                IdleSince = at;
                SetMachine(online: true, at);
                if (ConnectPending)
                {
                    ConnectPending = false;
                    UserConnected(at);
                }

                break;
            default:
                State = next;
                StateSince = at;
                SetMachine(online: false, at);
                break;
        }
    }

    private void SetMachine(bool online, DateTimeOffset at)
    {
        lock (Machine.Gate)
        {
            Machine.Online = online;
            if (online)
            {
                Machine.LastPing = at;
            }
            else if (Machine.UserConnected)
            {
                // Whatever takes the desktop down ends the session.
                Machine.UserConnected = false;
                Machine.LastUserConnection = at;
            }
        }
    }
}
