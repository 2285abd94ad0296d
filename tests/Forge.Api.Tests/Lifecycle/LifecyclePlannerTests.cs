using Forge.Api.Lifecycle;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Lifecycle;

/// <summary>
/// The pure lifecycle planner as a table: each rule (idle stop with its warning, maximum lifetime with its
/// 7-day and 1-day notices, stale after 30 days and terminated 7 days after a delivered notice) at and
/// around each boundary, a notice that failed for good or is only queued, a start or a connection that voids
/// a notice, keep-alive against each rule (and a blueprint that forbids it), the rules' precedence, and the
/// exact due time in an owner's zone across a DST change.
/// </summary>
public sealed class LifecyclePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
    private static readonly LifecyclePolicy Policy = new();
    private static readonly TimeSpan Min = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>A ready workstation at rest, first ready at <see cref="T0"/>, nobody ever connected.</summary>
    private static LifecycleSnapshot Ready(bool? connected = false) =>
        new(WorkspaceStatus.Ready, true, connected, null, T0, T0, null, null, null, null, null);

    /// <summary>A workstation stopped at <see cref="T0"/>, with no lifetime start (so maximum lifetime stays out of the way).</summary>
    private static LifecycleSnapshot Stopped() =>
        new(WorkspaceStatus.Stopped, true, null, null, null, null, T0, null, null, null, null);

    private static SentNotice Notice(string kind, DateTimeOffset basis, DateTimeOffset sentAt, DateTimeOffset due, string delivery = NoticeDelivery.Delivered) =>
        new(kind, basis, sentAt, due, delivery);

    private static LifecycleDecision Plan(LifecycleSnapshot s, DateTimeOffset now, LifecyclePolicy? policy = null) =>
        LifecyclePlanner.Plan(s, policy ?? Policy, now);

    private static void Nothing(LifecycleDecision d, string nextAction, DateTimeOffset nextAt)
    {
        Assert.False(d.ActsNow, $"acted: {d.Action} ({d.Reason})");
        Assert.Equal((nextAction, nextAt), (d.Next?.Action, d.Next?.At));
    }

    private static void Notifies(LifecycleDecision d, string kind, DateTimeOffset basis, DateTimeOffset due)
    {
        Assert.Equal((kind, basis, due), (d.Notice?.Kind, d.Notice?.Basis, d.Notice?.Due));
        Assert.False(d.Stop || d.Terminate);
    }

    // ---- Idle stop ----

    [Fact]
    public void Idle_nobody_connected_is_warned_at_45_minutes_not_a_minute_before()
    {
        Nothing(Plan(Ready(), T0 + (45 * Min) - TimeSpan.FromSeconds(1)), LifecycleActions.IdleWarning, T0 + (45 * Min));
        Notifies(Plan(Ready(), T0 + (45 * Min)), NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (60 * Min));
    }

    [Fact]
    public void Idle_warned_is_stopped_at_60_minutes_exactly()
    {
        var warned = Ready() with { IdleNotice = Notice(NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (45 * Min), T0 + (60 * Min), NoticeDelivery.Pending) };
        Nothing(Plan(warned, T0 + (60 * Min) - TimeSpan.FromSeconds(1)), LifecycleActions.IdleStop, T0 + (60 * Min));
        var stop = Plan(warned, T0 + (60 * Min));
        Assert.True(stop.Stop); // an idle stop saves the user's data: the warning need only have been sent
        Assert.Equal(LifecycleActions.IdleStop, stop.Action);
        Assert.Contains("warned", stop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Idle_a_connection_after_the_warning_voids_it_and_idleness_counts_again_from_the_session_end()
    {
        var warned = Ready() with
        {
            IdleNotice = Notice(NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (45 * Min), T0 + (60 * Min)),
            LastConnectedAt = T0 + (50 * Min),
        };
        Nothing(Plan(warned, T0 + (60 * Min)), LifecycleActions.IdleWarning, T0 + (95 * Min));
        Notifies(Plan(warned, T0 + (95 * Min)), NoticeKinds.IdleWarning, T0 + (110 * Min), T0 + (110 * Min));
    }

    [Fact]
    public void Idle_a_connected_or_unobserved_session_is_never_stopped()
    {
        Assert.False(Plan(Ready(connected: true), T0 + TimeSpan.FromHours(5)).ActsNow);
        Assert.False(Plan(Ready(connected: null), T0 + TimeSpan.FromHours(5)).ActsNow);
    }

    [Fact]
    public void Idle_a_warning_sent_late_still_gives_its_full_warning_time()
    {
        var now = T0 + TimeSpan.FromHours(3);
        Notifies(Plan(Ready(), now), NoticeKinds.IdleWarning, T0 + (60 * Min), now + (15 * Min));
        var warned = Ready() with { IdleNotice = Notice(NoticeKinds.IdleWarning, T0 + (60 * Min), now, now + (15 * Min)) };
        Nothing(Plan(warned, now + (14 * Min)), LifecycleActions.IdleStop, now + (15 * Min));
        Assert.True(Plan(warned, now + (15 * Min)).Stop);
    }

    [Fact]
    public void Idle_keep_alive_exempts_until_it_expires_unless_the_blueprint_forbids_it()
    {
        var kept = Ready() with { KeepAliveUntil = T0 + (7 * Day) };
        Nothing(Plan(kept, T0 + TimeSpan.FromHours(2)), LifecycleActions.IdleWarning, T0 + (7 * Day) - (15 * Min));
        Notifies(Plan(kept, T0 + (7 * Day) - (15 * Min)), NoticeKinds.IdleWarning, T0 + (7 * Day), T0 + (7 * Day));

        var forbidden = new LifecyclePolicy { KeepAliveAllowed = false };
        Notifies(Plan(kept, T0 + (45 * Min), forbidden), NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (60 * Min));
    }

    [Fact]
    public void Idle_a_warning_before_keep_alive_was_set_is_void()
    {
        var warned = Ready() with
        {
            IdleNotice = Notice(NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (45 * Min), T0 + (60 * Min)),
            KeepAliveUntil = T0 + (50 * Min) + (7 * Day),
        };
        Assert.False(Plan(warned, T0 + (60 * Min)).ActsNow);
    }

    [Fact]
    public void Idle_the_timeout_and_warning_are_the_blueprints()
    {
        var policy = new LifecyclePolicy { IdleTimeout = TimeSpan.FromHours(4), IdleWarning = TimeSpan.FromMinutes(30) };
        Nothing(Plan(Ready(), T0 + TimeSpan.FromHours(1), policy), LifecycleActions.IdleWarning, T0 + TimeSpan.FromHours(3.5));
        Assert.Equal(300, policy.AutoStopTimeoutMinutes); // AWS's AUTO_STOP stays an hour or more behind, in whole hours
        Assert.Equal(120, Policy.AutoStopTimeoutMinutes);
    }

    // ---- Maximum lifetime ----

    [Fact]
    public void Lifetime_notices_at_exactly_7_days_and_1_day_before()
    {
        var end = T0 + (30 * Day);
        Nothing(Plan(Ready(connected: true), end - (7 * Day) - TimeSpan.FromSeconds(1)), LifecycleActions.LifetimeNotice, end - (7 * Day));
        Notifies(Plan(Ready(connected: true), end - (7 * Day)), NoticeKinds.LifetimeFirst, end, end);

        var first = Ready(connected: true) with { LifetimeNotice = Notice(NoticeKinds.LifetimeFirst, end, end - (7 * Day), end) };
        Nothing(Plan(first, end - Day - TimeSpan.FromSeconds(1)), LifecycleActions.LifetimeNotice, end - Day);
        Notifies(Plan(first, end - Day), NoticeKinds.LifetimeFinal, end, end);
    }

    [Fact]
    public void Lifetime_terminates_at_the_end_once_the_final_notice_was_delivered_or_failed_for_good()
    {
        var end = T0 + (30 * Day);
        foreach (var delivery in new[] { NoticeDelivery.Delivered, NoticeDelivery.Failed })
        {
            var final = Ready(connected: true) with { LifetimeNotice = Notice(NoticeKinds.LifetimeFinal, end, end - Day, end, delivery) };
            Nothing(Plan(final, end - TimeSpan.FromSeconds(1)), LifecycleActions.LifetimeTerminate, end);
            var terminate = Plan(final, end);
            Assert.True(terminate.Terminate, delivery);
            Assert.Contains(delivery, terminate.Reason, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Lifetime_a_final_notice_only_queued_holds_the_termination()
    {
        var end = T0 + (30 * Day);
        var queued = Ready(connected: true) with { LifetimeNotice = Notice(NoticeKinds.LifetimeFinal, end, end - Day, end, NoticeDelivery.Pending) };
        var d = Plan(queued, end + TimeSpan.FromHours(5));
        Nothing(d, LifecycleActions.LifetimeTerminate, end + TimeSpan.FromHours(5));
        Assert.Contains("waiting for the notice", d.Next!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Lifetime_a_final_notice_sent_late_leaves_its_full_day()
    {
        var now = T0 + (30 * Day) - TimeSpan.FromHours(2);
        Notifies(Plan(Ready(connected: true), now), NoticeKinds.LifetimeFinal, T0 + (30 * Day), now + Day);
    }

    [Fact]
    public void Lifetime_keep_alive_postpones_the_end_and_the_notices_start_again_for_the_new_end()
    {
        var end = T0 + (30 * Day);
        var kept = Ready(connected: true) with
        {
            LifetimeNotice = Notice(NoticeKinds.LifetimeFinal, end, end - Day, end),
            KeepAliveUntil = end - Day + (7 * Day),
        };
        var d = Plan(kept, end);
        Assert.False(d.Terminate);
        Notifies(d, NoticeKinds.LifetimeFirst, end + (6 * Day), end + (6 * Day)); // 7 days' notice of the new end, from the keep-alive
        Assert.True(Plan(kept, end, new LifecyclePolicy { KeepAliveAllowed = false }).Terminate);
    }

    [Fact]
    public void Lifetime_counts_for_stopped_workstations_too_and_termination_beats_an_idle_stop()
    {
        var end = T0 + (30 * Day);
        var both = Ready() with
        {
            LifetimeNotice = Notice(NoticeKinds.LifetimeFinal, end, end - Day, end),
            IdleNotice = Notice(NoticeKinds.IdleWarning, T0 + (60 * Min), T0 + (45 * Min), T0 + (60 * Min)),
        };
        Assert.True(Plan(both, end).Terminate);
        var stopped = new LifecycleSnapshot(WorkspaceStatus.Stopped, true, null, null, T0, null, end - Day, null, null,
            Notice(NoticeKinds.LifetimeFinal, end, end - Day, end), null);
        Assert.True(Plan(stopped, end).Terminate);
    }

    [Fact]
    public void Lifetime_due_time_is_stated_exactly_in_the_owners_zone_across_a_DST_change()
    {
        Assert.True(LifecycleTimeZones.TryFind("Europe/Berlin", out var berlin));
        var end = T0 + (30 * Day); // 2026-04-01 09:00 UTC, after Berlin moved to summer time on 2026-03-29
        var d = Plan(Ready(connected: true), end - (7 * Day)); // 2026-03-25 09:00 UTC = 10:00 in Berlin (UTC+01:00)
        Assert.Equal(end, d.Notice!.Due);
        var text = LifecycleNotices.Compose(d.Notice.Kind, Guid.Empty, "backend", d.Notice.Due, berlin);
        Assert.Contains("2026-04-01 11:00 (UTC+02:00, Europe/Berlin; 2026-04-01 09:00 UTC)", text.Subject, StringComparison.Ordinal);
        Assert.Equal("2026-04-01 09:00 UTC", LifecycleTimeZones.Format(end, TimeZoneInfo.Utc));
    }

    // ---- Stale ----

    [Fact]
    public void Stale_is_flagged_at_exactly_30_days_stopped_with_termination_7_days_after_the_notice()
    {
        Nothing(Plan(Stopped(), T0 + (30 * Day) - TimeSpan.FromSeconds(1)), LifecycleActions.StaleNotice, T0 + (30 * Day));
        Notifies(Plan(Stopped(), T0 + (30 * Day)), NoticeKinds.Stale, T0 + (30 * Day), T0 + (37 * Day));
        var late = T0 + (31 * Day);
        Notifies(Plan(Stopped(), late), NoticeKinds.Stale, T0 + (30 * Day), late + (7 * Day)); // 7 days from the notice, whenever it goes
    }

    [Fact]
    public void Stale_terminates_7_days_after_a_delivered_or_permanently_failed_notice_never_on_a_queued_one()
    {
        foreach (var delivery in new[] { NoticeDelivery.Delivered, NoticeDelivery.Failed })
        {
            var told = Stopped() with { StaleNotice = Notice(NoticeKinds.Stale, T0 + (30 * Day), T0 + (30 * Day), T0 + (37 * Day), delivery) };
            Nothing(Plan(told, T0 + (37 * Day) - TimeSpan.FromSeconds(1)), LifecycleActions.StaleTerminate, T0 + (37 * Day));
            Assert.True(Plan(told, T0 + (37 * Day)).Terminate, delivery);
        }

        var queued = Stopped() with { StaleNotice = Notice(NoticeKinds.Stale, T0 + (30 * Day), T0 + (30 * Day), T0 + (37 * Day), NoticeDelivery.Pending) };
        Assert.False(Plan(queued, T0 + (40 * Day)).ActsNow);
    }

    [Fact]
    public void Stale_a_start_between_notice_and_termination_cancels_it_and_a_new_stop_counts_from_itself()
    {
        var notice = Notice(NoticeKinds.Stale, T0 + (30 * Day), T0 + (30 * Day), T0 + (37 * Day));
        var started = new LifecycleSnapshot(WorkspaceStatus.Ready, true, true, T0 + (33 * Day), null, T0 + (33 * Day), null, null, null, null, notice);
        Assert.False(Plan(started, T0 + (37 * Day)).Terminate);

        var stoppedAgain = Stopped() with { StoppedSince = T0 + (34 * Day), StaleNotice = notice };
        Nothing(Plan(stoppedAgain, T0 + (37 * Day)), LifecycleActions.StaleNotice, T0 + (64 * Day));
    }

    [Fact]
    public void Stale_keep_alive_after_the_notice_voids_it_until_the_keep_alive_expires()
    {
        var notice = Notice(NoticeKinds.Stale, T0 + (30 * Day), T0 + (30 * Day), T0 + (37 * Day));
        var kept = Stopped() with { StaleNotice = notice, KeepAliveUntil = T0 + (32 * Day) + (7 * Day) };
        Nothing(Plan(kept, T0 + (37 * Day)), LifecycleActions.StaleNotice, T0 + (39 * Day));
        Notifies(Plan(kept, T0 + (39 * Day)), NoticeKinds.Stale, T0 + (39 * Day), T0 + (46 * Day));
        Assert.True(Plan(kept, T0 + (37 * Day), new LifecyclePolicy { KeepAliveAllowed = false }).Terminate);
    }

    // ---- Not at rest ----

    [Theory]
    [InlineData(WorkspaceStatus.Stopping, true)]
    [InlineData(WorkspaceStatus.Starting, true)]
    [InlineData(WorkspaceStatus.Provisioning, true)]
    [InlineData(WorkspaceStatus.Ready, false)]
    public void Nothing_is_decided_while_the_engine_changes_a_workstation(string status, bool atRest)
    {
        var busy = Ready() with { Status = status, AtRest = atRest };
        Assert.Equal(LifecycleDecision.Nothing(null), Plan(busy, T0 + (60 * Day)));
    }
}
