using Forge.Api.Alerts;

namespace Forge.Api.Tests.Alerts;

/// <summary>The alert rules as tables: what fires, holds and resolves for which history, at each threshold and boundary.</summary>
public sealed class AlertPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private static readonly AlertOptions Options = new();
    private const double Objective = 0.99;
    private static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(15);

    /// <summary><paramref name="count"/> events of one series, spread evenly over the <paramref name="span"/> that ends <paramref name="endingAgo"/> before now.</summary>
    private static IEnumerable<SlaEvent> Spread(int count, TimeSpan span, bool good, TimeSpan endingAgo = default, string blueprint = "backend",
        string region = "us-east-1", bool failed = false)
    {
        for (var i = 0; i < count; i++)
        {
            var at = Now - endingAgo - span + (span * (i + 0.5) / count);
            yield return new SlaEvent(at, at, good, failed, blueprint, region);
        }
    }

    private static IReadOnlyList<AlertDecision> Plan(IEnumerable<SlaEvent> events, IEnumerable<FiringAlert>? firing = null,
        IEnumerable<InFlightRequest>? inFlight = null, DateTimeOffset? now = null) =>
        AlertPlanner.Plan(now ?? Now, [.. events], [.. inFlight ?? []], [.. firing ?? []], Options, Objective, StuckAfter);

    private static string[] Fired(IReadOnlyList<AlertDecision> decisions) =>
        [.. decisions.OfType<FireAlert>().Select(d => $"{d.Evaluation.Rule} {d.Evaluation.Scope}").Order(StringComparer.Ordinal)];

    [Fact]
    public void Nothing_happened_fires_nothing()
    {
        Assert.Empty(Plan([]));
    }

    [Fact]
    public void A_steady_good_month_fires_nothing()
    {
        var decisions = Plan(Spread(3000, TimeSpan.FromDays(3), good: true));
        Assert.Empty(decisions);
    }

    [Fact]
    public void Good_traffic_with_misses_under_the_budget_fires_nothing()
    {
        // 0.5 % misses spread evenly: burn 0.5x, under every threshold.
        var events = Spread(2985, TimeSpan.FromDays(3), good: true).Concat(Spread(15, TimeSpan.FromDays(3), good: false));
        Assert.Empty(Plan(events));
    }

    [Fact]
    public void A_burning_series_pages_once_for_the_series_and_not_again_overall()
    {
        var events = Spread(120, TimeSpan.FromHours(6), good: true, TimeSpan.FromHours(1))
            .Concat(Spread(10, TimeSpan.FromHours(1), good: true))
            .Concat(Spread(10, TimeSpan.FromHours(1), good: false));
        var decisions = Plan(events);
        // 10 of 20 bad in the last hour: burn 50x over 1 h and over 5 min (its last event is bad); the 3-day ticket too.
        Assert.Equal(["slo-page backend/us-east-1", "slo-ticket backend/us-east-1"], Fired(decisions));
        var page = decisions.OfType<FireAlert>().Single(d => d.Evaluation.Rule == AlertRules.SloPage).Evaluation;
        Assert.Equal(new WindowEvaluation("1h", 20, 10, 50), page.Windows.Single(w => w.Window == "1h"));
        Assert.Contains("10 of 20 requests missed the target in the last 1h", page.Summary, StringComparison.Ordinal);
    }

    [Theory]
    // bad of 100 in the last hour (the last 5 minutes all bad), and whether 14.4x is reached: 14.4 % bad is exactly 14.4x.
    [InlineData(15, true)]
    [InlineData(14, false)]
    public void The_fast_page_needs_fourteen_point_four_times_the_budget_over_the_hour(int bad, bool pages)
    {
        // Keep the 6-hour condition out of it: lots of good traffic before this hour.
        var events = Spread(100 - bad, TimeSpan.FromMinutes(55), good: true, TimeSpan.FromMinutes(5))
            .Concat(Spread(bad, TimeSpan.FromMinutes(5), good: false))
            .Concat(Spread(2000, TimeSpan.FromHours(5), good: true, TimeSpan.FromHours(1)));
        Assert.Equal(pages, Fired(Plan(events)).Contains("slo-page backend/us-east-1"));
    }

    [Fact]
    public void A_burn_that_stopped_does_not_page_because_the_short_window_is_clean()
    {
        // Bad 40 to 90 minutes ago, all good since: the 1-hour and 6-hour burns are high, the 5- and 30-minute ones 0.
        var events = Spread(20, TimeSpan.FromMinutes(50), good: false, TimeSpan.FromMinutes(40)).Concat(Spread(30, TimeSpan.FromMinutes(40), good: true));
        var decisions = Plan(events);
        Assert.DoesNotContain("slo-page backend/us-east-1", Fired(decisions));
        var page = AlertPlanner.Evaluate(AlertRules.SloPage, "backend/us-east-1", [.. events], Now, Options, Objective);
        Assert.True(page.Windows.Single(w => w.Window == "1h").BurnRate >= 14.4);
        Assert.Equal(0, page.Windows.Single(w => w.Window == "5m").BurnRate);
    }

    [Fact]
    public void A_slow_burn_over_six_hours_pages_through_the_second_condition()
    {
        // 8 % bad over six hours, evenly: 8x, under 14.4x over the hour but over 6x on both 6 h and 30 min.
        var events = Spread(552, TimeSpan.FromHours(6), good: true).Concat(Spread(48, TimeSpan.FromHours(6), good: false));
        var page = Plan(events).OfType<FireAlert>().Single(d => d.Evaluation.Rule == AlertRules.SloPage).Evaluation;
        Assert.Contains("over 6h", page.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Too_few_requests_are_no_trend()
    {
        Assert.Empty(Plan(Spread(2, TimeSpan.FromMinutes(4), good: false)));
        Assert.Contains("slo-page backend/us-east-1", Fired(Plan(Spread(3, TimeSpan.FromMinutes(4), good: false))));
    }

    [Fact]
    public void A_burn_spread_thin_over_many_series_pages_overall()
    {
        // Ten series with two requests each, one bad: no series has the 3 requests a trend needs; all of them together do.
        var events = Enumerable.Range(0, 10).SelectMany(i =>
            Spread(1, TimeSpan.FromMinutes(4), good: false, blueprint: $"bp{i}").Concat(Spread(1, TimeSpan.FromMinutes(30), good: true, blueprint: $"bp{i}")));
        Assert.Equal(["slo-page all", "slo-ticket all"], Fired(Plan(events)));
    }

    public static TheoryData<int, string> Damping => new()
    {
        // minutes since it fired (its condition has cleared), and what happens
        { 3, nameof(HoldAlert) },
        { 9, nameof(HoldAlert) },
        { 10, nameof(ResolveAlert) },
        { 60, nameof(ResolveAlert) },
    };

    [Theory]
    [MemberData(nameof(Damping))]
    public void A_cleared_alert_resolves_only_after_its_minimum_firing_time(int minutesFiring, string expected)
    {
        var firing = new FiringAlert(Guid.NewGuid(), AlertRules.SloPage, "backend/us-east-1", Now - TimeSpan.FromMinutes(minutesFiring));
        var decision = Assert.Single(Plan(Spread(50, TimeSpan.FromHours(1), good: true), [firing]));
        Assert.Equal(expected, decision.GetType().Name);
        Assert.False(decision.Evaluation.Holds);
    }

    [Fact]
    public void A_firing_alert_whose_condition_holds_is_held_not_fired_again()
    {
        var firing = new FiringAlert(Guid.NewGuid(), AlertRules.SloPage, "backend/us-east-1", Now - TimeSpan.FromHours(2));
        var decisions = Plan(Spread(10, TimeSpan.FromMinutes(30), good: false), [firing]);
        Assert.IsType<HoldAlert>(decisions.Single(d => d.Evaluation.Rule == AlertRules.SloPage && d.Evaluation.Scope == "backend/us-east-1"));
        Assert.DoesNotContain(decisions.OfType<FireAlert>(), d => d.Evaluation.Rule == AlertRules.SloPage);
    }

    [Fact]
    public void The_overall_alert_already_firing_resolves_on_its_own_terms_even_while_a_series_fires()
    {
        var overall = new FiringAlert(Guid.NewGuid(), AlertRules.SloPage, AlertRules.Overall, Now - TimeSpan.FromHours(1));
        var decisions = Plan(Spread(10, TimeSpan.FromMinutes(30), good: false), [overall]);
        Assert.IsType<HoldAlert>(decisions.Single(d => d.Evaluation.Rule == AlertRules.SloPage && d.Evaluation.Scope == AlertRules.Overall));
        Assert.Contains("slo-page backend/us-east-1", Fired(decisions));
    }

    [Fact]
    public void A_request_not_ready_after_fifteen_minutes_raises_its_own_alert_which_resolves_when_it_is_gone()
    {
        var id = Guid.NewGuid();
        var request = new InFlightRequest(id, "backend", "eu-west-1", Now - TimeSpan.FromMinutes(15));
        var young = new InFlightRequest(Guid.NewGuid(), "backend", "eu-west-1", Now - TimeSpan.FromMinutes(14.9));
        var fired = Plan([], inFlight: [request, young]).OfType<FireAlert>().Single(d => d.Evaluation.Rule == AlertRules.Stuck);
        Assert.Equal(id.ToString(), fired.Evaluation.Scope);
        Assert.Contains("not ready 15 minutes after", fired.Evaluation.Summary, StringComparison.Ordinal);

        var firing = new FiringAlert(Guid.NewGuid(), AlertRules.Stuck, id.ToString(), Now);
        Assert.IsType<HoldAlert>(Assert.Single(Plan([], [firing], [request], Now + TimeSpan.FromMinutes(1))));
        Assert.IsType<ResolveAlert>(Assert.Single(Plan([], [firing], [], Now + TimeSpan.FromMinutes(1))));
    }

    [Theory]
    // failed of finished requests in the last hour, and whether the failure-rate alert fires (25 %, 5 requests at least)
    [InlineData(1, 4, false)]
    [InlineData(2, 8, true)]
    [InlineData(1, 5, false)]
    [InlineData(2, 10, false)]
    [InlineData(3, 10, true)]
    public void The_failure_rate_alert_needs_a_quarter_of_at_least_five_requests_failed(int failed, int finished, bool fires)
    {
        var events = Spread(failed, TimeSpan.FromMinutes(50), good: false, failed: true, endingAgo: TimeSpan.FromMinutes(10))
            .Concat(Spread(finished - failed, TimeSpan.FromMinutes(50), good: true, endingAgo: TimeSpan.FromMinutes(10)));
        Assert.Equal(fires, Fired(Plan(events)).Contains("failure-rate backend/us-east-1"));
    }

    [Fact]
    public void Events_outside_every_window_count_for_nothing()
    {
        Assert.Empty(Plan(Spread(100, TimeSpan.FromDays(1), good: false, endingAgo: TimeSpan.FromDays(3))));
    }
}
