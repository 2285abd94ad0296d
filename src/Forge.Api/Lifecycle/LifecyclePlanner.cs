using Forge.Api.Workspaces;

namespace Forge.Api.Lifecycle;

/// <summary>The lifecycle actions, as <c>lifecycle.nextAction</c> and the audit show them.</summary>
public static class LifecycleActions
{
    public const string IdleWarning = "idle-warning";
    public const string IdleStop = "idle-stop";
    public const string LifetimeNotice = "lifetime-notice";
    public const string LifetimeTerminate = "lifetime-terminate";
    public const string StaleNotice = "stale-notice";
    public const string StaleTerminate = "stale-terminate";
}

/// <summary>The notice kinds (one outbox message per workspace, kind and due time).</summary>
public static class NoticeKinds
{
    public const string IdleWarning = "idle-warning";
    public const string LifetimeFirst = "lifetime-7d";
    public const string LifetimeFinal = "lifetime-1d";
    public const string Stale = "stale";
}

/// <summary>What the lifecycle knows of one workstation at one instant: the planner's whole input.</summary>
/// <param name="Status">The workspace's status; only a <c>ready</c> or <c>stopped</c> one at rest is decided on.</param>
/// <param name="AtRest">Its status is not changing (a chore such as a dotfile sync may run).</param>
/// <param name="Connected">The user session last observed: true, false, or null (not observed, or UNKNOWN).</param>
/// <param name="LastConnectedAt">The last known user connection (its start or end); null when nobody ever connected.</param>
/// <param name="LifetimeStart">When it was first ready: the maximum lifetime counts from here.</param>
/// <param name="RunningSince">Since when it runs this time (null unless ready): idleness counts from here when nobody connected since.</param>
/// <param name="StoppedSince">Since when it is stopped this time (null unless stopped): staleness counts from here.</param>
/// <param name="KeepAliveUntil">Until when the owner's keep-alive exempts it (ignored where the blueprint forbids keep-alive).</param>
/// <param name="IdleNotice">The idle warning last sent, with the stop instant it was about.</param>
/// <param name="LifetimeNotice">The maximum-lifetime notice last sent, with the termination instant it was about.</param>
/// <param name="StaleNotice">The stale notice last sent, with the instant it became stale.</param>
public sealed record LifecycleSnapshot(
    string Status,
    bool AtRest,
    bool? Connected,
    DateTimeOffset? LastConnectedAt,
    DateTimeOffset? LifetimeStart,
    DateTimeOffset? RunningSince,
    DateTimeOffset? StoppedSince,
    DateTimeOffset? KeepAliveUntil,
    SentNotice? IdleNotice,
    SentNotice? LifetimeNotice,
    SentNotice? StaleNotice);

/// <summary>A notice to send now: its kind, the instant it is about (its basis) and the due time it states.</summary>
public sealed record NoticeToSend(string Kind, DateTimeOffset Basis, DateTimeOffset Due);

/// <summary>The next thing the lifecycle manager will do, when and why.</summary>
public sealed record LifecycleNext(string Action, DateTimeOffset At, string Reason);

/// <summary>
/// The planner's answer: at most one thing to do now (<see cref="Notice"/>, or <see cref="Stop"/> /
/// <see cref="Terminate"/> with <see cref="Reason"/>), and what comes next (null: nothing planned).
/// </summary>
public sealed record LifecycleDecision(NoticeToSend? Notice, bool Stop, bool Terminate, string? Reason, string? Action, LifecycleNext? Next)
{
    public static LifecycleDecision Nothing(LifecycleNext? next) => new(null, false, false, null, null, next);

    public bool ActsNow => Notice is not null || Stop || Terminate;
}

/// <summary>
/// The lifecycle rules as one pure function of (snapshot, policy, now). Each rule works out the instant
/// it would act and the notice that must come first; a notice counts only for the instant it was about
/// (its basis), so a connection, a start or a keep-alive since then voids it. Terminating needs a notice
/// that was delivered or failed for good, never one only queued; stopping (which saves the user's data)
/// needs only the warning to have been sent. When several rules are due, terminate beats stop beats notice.
/// </summary>
public static class LifecyclePlanner
{
    public static LifecycleDecision Plan(LifecycleSnapshot s, LifecyclePolicy policy, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(policy);
        if (!s.AtRest || s.Status is not (WorkspaceStatus.Ready or WorkspaceStatus.Stopped))
        {
            return LifecycleDecision.Nothing(null);
        }

        var keepAlive = policy.KeepAliveAllowed ? s.KeepAliveUntil : null;
        var candidates = s.Status == WorkspaceStatus.Ready
            ? new[] { Lifetime(s, policy, keepAlive, now), Idle(s, policy, keepAlive, now) }
            : [Lifetime(s, policy, keepAlive, now), Stale(s, policy, keepAlive, now)];
        var acting = candidates.Where(c => c is { ActsNow: true }).Select(c => c!)
            .OrderByDescending(c => c.Terminate).ThenByDescending(c => c.Stop).FirstOrDefault();
        var next = candidates.Where(c => c?.Next is not null).Select(c => c!.Next!).OrderBy(n => n.At).FirstOrDefault();
        return acting is null ? LifecycleDecision.Nothing(next) : acting with { Next = acting.Next ?? next };
    }

    /// <summary>Maximum lifetime: terminated at first-ready + MaxLifetime (or keep-alive's end, if later), told 7 days and 1 day before.</summary>
    private static LifecycleDecision? Lifetime(LifecycleSnapshot s, LifecyclePolicy policy, DateTimeOffset? keepAlive, DateTimeOffset now) =>
        s.LifetimeStart is { } start ? LifetimeFrom(s, Later(start + policy.MaxLifetime, keepAlive)!.Value, now) : null; // never ready: nothing to count

    private static LifecycleDecision LifetimeFrom(LifecycleSnapshot s, DateTimeOffset deadline, DateTimeOffset now)
    {
        var notice = s.LifetimeNotice is { } n && n.Basis == deadline ? n : null;
        var firstAt = deadline - LifecycleDefaults.FirstLifetimeNotice;
        var finalAt = deadline - LifecycleDefaults.FinalLifetimeNotice;
        if (notice is null && now < firstAt)
        {
            return LifecycleDecision.Nothing(new(LifecycleActions.LifetimeNotice, firstAt, $"maximum lifetime ends {deadline:O}: notice 7 days before"));
        }

        if (notice is null && now < finalAt)
        {
            return Notify(NoticeKinds.LifetimeFirst, deadline, deadline, "maximum lifetime ends in 7 days");
        }

        if (notice is null || notice.Kind != NoticeKinds.LifetimeFinal)
        {
            if (now < finalAt)
            {
                return LifecycleDecision.Nothing(new(LifecycleActions.LifetimeNotice, finalAt, $"maximum lifetime ends {deadline:O}: notice 1 day before"));
            }

            // The final notice always leaves its day, even when it goes out late (the pass was down).
            return Notify(NoticeKinds.LifetimeFinal, deadline, Later(deadline, now + LifecycleDefaults.FinalLifetimeNotice)!.Value, "maximum lifetime ends in 1 day");
        }

        if (now < notice.Due)
        {
            return LifecycleDecision.Nothing(new(LifecycleActions.LifetimeTerminate, notice.Due, "maximum lifetime reached"));
        }

        return NoticeDelivery.IsSettled(notice.Delivery)
            ? new LifecycleDecision(null, false, true, $"maximum lifetime reached ({notice.Delivery} notice of {notice.SentAt:O})", LifecycleActions.LifetimeTerminate, null)
            : LifecycleDecision.Nothing(new(LifecycleActions.LifetimeTerminate, now, "maximum lifetime reached; waiting for the notice to be delivered"));
    }

    /// <summary>Idle stop: nobody connected for IdleTimeout (from the last connection, or from when it began running), warned IdleWarning before.</summary>
    private static LifecycleDecision? Idle(LifecycleSnapshot s, LifecyclePolicy policy, DateTimeOffset? keepAlive, DateTimeOffset now)
    {
        if (s.Connected is not false || s.RunningSince is not { } running)
        {
            return null; // Someone is on it, or the session is not known yet: nothing to count from.
        }

        var idleSince = Later(s.LastConnectedAt, running)!.Value;
        var stopAt = Later(idleSince + policy.IdleTimeout, keepAlive)!.Value;
        var warning = s.IdleNotice is { } w && w.Basis == stopAt ? w : null;
        if (warning is null)
        {
            var warnAt = stopAt - policy.IdleWarning;
            return now < warnAt
                ? LifecycleDecision.Nothing(new(LifecycleActions.IdleWarning, warnAt, $"no user connected since {idleSince:O}"))
                : Notify(NoticeKinds.IdleWarning, stopAt, Later(stopAt, now + policy.IdleWarning)!.Value, $"no user connected since {idleSince:O}");
        }

        return now < warning.Due
            ? LifecycleDecision.Nothing(new(LifecycleActions.IdleStop, warning.Due, $"no user connected since {idleSince:O}"))
            : new LifecycleDecision(null, true, false, $"idle: no user connected since {idleSince:O} (warned {warning.SentAt:O})", LifecycleActions.IdleStop, null);
    }

    /// <summary>Stale: stopped for StaleAfter, told, terminated StaleGrace after a notice that reached the owner (or failed for good).</summary>
    private static LifecycleDecision? Stale(LifecycleSnapshot s, LifecyclePolicy policy, DateTimeOffset? keepAlive, DateTimeOffset now)
    {
        if (s.StoppedSince is not { } stopped)
        {
            return null;
        }

        var staleAt = Later(stopped + policy.StaleAfter, keepAlive)!.Value;
        var notice = s.StaleNotice is { } n && n.Basis == staleAt ? n : null;
        if (notice is null)
        {
            return now < staleAt
                ? LifecycleDecision.Nothing(new(LifecycleActions.StaleNotice, staleAt, $"stopped since {stopped:O}"))
                : Notify(NoticeKinds.Stale, staleAt, now + policy.StaleGrace, $"stale: stopped since {stopped:O}");
        }

        if (now < notice.Due)
        {
            return LifecycleDecision.Nothing(new(LifecycleActions.StaleTerminate, notice.Due, $"stale: stopped since {stopped:O}"));
        }

        return NoticeDelivery.IsSettled(notice.Delivery)
            ? new LifecycleDecision(null, false, true, $"stale: stopped since {stopped:O} ({notice.Delivery} notice of {notice.SentAt:O})", LifecycleActions.StaleTerminate, null)
            : LifecycleDecision.Nothing(new(LifecycleActions.StaleTerminate, now, "stale; waiting for the notice to be delivered"));
    }

    private static LifecycleDecision Notify(string kind, DateTimeOffset basis, DateTimeOffset due, string reason) =>
        new(new NoticeToSend(kind, basis, due), false, false, reason, kind, null);

    private static DateTimeOffset? Later(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
