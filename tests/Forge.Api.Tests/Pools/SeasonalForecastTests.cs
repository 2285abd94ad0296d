using Forge.Api.Pools;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// The demand forecast learned from claims: it learns the time of the week, a change in demand shows
/// within the hour, a blueprint nobody uses any more fades within days, a time of the week not seen yet
/// borrows the busiest day seen at that time, a surge beyond the season is allowed for while recent (and
/// noise or a few claims are not), a young pool allows for its unseen times being busier, and its state
/// round-trips.
/// </summary>
public sealed class SeasonalForecastTests
{
    private static readonly DateTimeOffset Monday = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Hour = TimeSpan.FromHours(1);

    /// <summary><paramref name="weeks"/> weeks of 16 claims every Monday 10:00–11:00 (one every 3:45), nothing else.</summary>
    private static SeasonalForecast MondayMornings(int weeks)
    {
        var f = SeasonalForecast.Empty(Monday);
        for (var w = 0; w < weeks; w++)
        {
            var ten = Monday + TimeSpan.FromDays(7 * w) + TimeSpan.FromHours(10);
            for (var i = 0; i < 16; i++)
            {
                f.Observe(ten + TimeSpan.FromSeconds(225 * i));
            }
        }

        return f;
    }

    [Fact]
    public void Learns_the_time_of_the_week()
    {
        var f = MondayMornings(3);
        var nextMonday = Monday + TimeSpan.FromDays(21) + TimeSpan.FromHours(10);
        var tuesday = nextMonday + TimeSpan.FromDays(1);
        f.Advance(nextMonday);
        Assert.InRange(f.ExpectedClaims(nextMonday, Hour), 11, 16); // smoothed over the neighbouring quarters
        f.Advance(tuesday);
        Assert.InRange(f.ExpectedClaims(tuesday, Hour), 0, 0.5);
    }

    [Fact]
    public void A_rise_in_demand_shows_within_the_hour()
    {
        var f = MondayMornings(3);
        var quiet = Monday + TimeSpan.FromDays(22) + TimeSpan.FromHours(15); // Tuesday afternoon: never a claim
        f.Advance(quiet);
        Assert.InRange(f.ExpectedClaims(quiet, TimeSpan.FromMinutes(20)), 0, 0.5);
        for (var i = 0; i < 20; i++)
        {
            f.Observe(quiet + TimeSpan.FromMinutes(i)); // a cohort nobody announced
        }

        var after = quiet + TimeSpan.FromMinutes(20);
        f.Advance(after);
        Assert.InRange(f.ExpectedClaims(after, TimeSpan.FromMinutes(20)), 5, 25);
    }

    [Fact]
    public void A_blueprint_nobody_uses_any_more_fades_within_days()
    {
        var f = SeasonalForecast.Empty(Monday);
        var silence = Monday + TimeSpan.FromDays(14);
        for (var t = Monday; t < silence; t += TimeSpan.FromMinutes(5))
        {
            f.Observe(t); // 0.2 a minute, day and night, for two weeks
        }

        f.Advance(silence);
        Assert.InRange(f.ExpectedClaims(silence, Hour), 10, 14);
        var later = silence + TimeSpan.FromDays(2);
        f.Advance(later);
        Assert.InRange(f.ExpectedClaims(later, Hour), 0, 3.5);
    }

    [Fact]
    public void A_time_of_the_week_not_seen_yet_takes_the_busiest_day_seen_at_that_time()
    {
        var f = SeasonalForecast.Empty(Monday);
        for (var i = 0; i < 16; i++)
        {
            f.Observe(Monday + TimeSpan.FromHours(10) + TimeSpan.FromSeconds(225 * i));
        }

        var tuesday = Monday + TimeSpan.FromDays(1) + TimeSpan.FromHours(10);
        f.Advance(tuesday);
        Assert.InRange(f.ExpectedClaims(tuesday, Hour), 11, 16);
    }

    /// <summary>Two weeks of a claim every 5 minutes, day and night: every time of the week seen, at 0.2 a minute.</summary>
    private static SeasonalForecast Steady(out DateTimeOffset end)
    {
        var f = SeasonalForecast.Empty(Monday);
        end = Monday + TimeSpan.FromDays(14);
        for (var t = Monday; t < end; t += TimeSpan.FromMinutes(5))
        {
            f.Observe(t);
        }

        return f;
    }

    /// <summary>
    /// A burst of <paramref name="claims"/> over <paramref name="minutes"/> on top of the steady season: the surge
    /// allowed for just after it, and two weeks later. Rows: no burst; a few claims (within the floor); cohorts.
    /// </summary>
    [Theory]
    [InlineData(0, 10, 0, 0, 0, 0)]
    [InlineData(4, 4, 0, 0, 0, 0)]
    [InlineData(20, 10, 15, 20, 5, 8)]
    [InlineData(40, 20, 24, 40, 8, 15)]     // weighted over the last half hour, a surge counts at about three quarters of its size
    public void A_surge_beyond_the_season_is_allowed_for_and_fades_over_weeks(
        int claims, int minutes, int lowNow, int highNow, int lowLater, int highLater)
    {
        var f = Steady(out var start);
        for (var i = 0; i < claims; i++)
        {
            f.Observe(start + TimeSpan.FromMinutes(minutes * i / (double)claims));
        }

        var after = start + TimeSpan.FromMinutes(minutes);
        f.Advance(after);
        Assert.InRange(f.SurgeAllowance(after, TimeSpan.FromMinutes(21)), lowNow, highNow);
        var later = after + TimeSpan.FromDays(14);
        f.Advance(later);
        Assert.InRange(f.SurgeAllowance(later, TimeSpan.FromMinutes(21)), lowLater, highLater);
    }

    [Fact]
    public void A_young_pool_allows_for_a_time_of_the_week_it_has_not_seen_being_busier()
    {
        var f = SeasonalForecast.Empty(Monday);
        for (var i = 0; i < 16; i++)
        {
            f.Observe(Monday + TimeSpan.FromHours(10) + TimeSpan.FromSeconds(225 * i));
            if (i == 2)
            {
                // Its first day: nothing stands for the hour ahead but the recent rate, which the forecast follows.
                Assert.Equal(0, f.SurgeAllowance(Monday + TimeSpan.FromHours(10) + TimeSpan.FromSeconds(450), Hour));
            }
        }

        var tuesday = Monday + TimeSpan.FromDays(1) + TimeSpan.FromHours(10);
        f.Advance(tuesday);
        // Monday's 11–16 claims (smoothed) stand for Tuesday's hour; it may be UnseenFactor times that, held stopped.
        var unseen = f.SurgeAllowance(tuesday, Hour) - f.State.Surge;
        Assert.InRange(unseen, (SeasonalForecast.UnseenFactor - 1) * 11, ((SeasonalForecast.UnseenFactor - 1) * 16) + 1);
        var nextMonday = Monday + TimeSpan.FromDays(7) + TimeSpan.FromHours(10);
        f.Advance(nextMonday);
        Assert.Equal(Math.Ceiling(f.State.Surge - 1e-9), f.SurgeAllowance(nextMonday, Hour)); // seen now: only the remembered surge
    }

    [Fact]
    public void Its_state_round_trips()
    {
        var f = MondayMornings(2);
        var at = Monday + TimeSpan.FromDays(14) + TimeSpan.FromHours(9.5);
        f.Advance(at);
        var copy = new SeasonalForecast(f.State);
        Assert.Equal(f.ExpectedClaims(at, Hour), copy.ExpectedClaims(at, Hour));
        Assert.Equal(f.DemandQuantile(at, Hour, 0.99), copy.DemandQuantile(at, Hour, 0.99));
        Assert.Equal(f.PeakDemandQuantile(at, TimeSpan.FromDays(8), Hour, 0.99), copy.PeakDemandQuantile(at, TimeSpan.FromDays(8), Hour, 0.99));
        Assert.Equal(f.SurgeAllowance(at, TimeSpan.FromDays(8)), copy.SurgeAllowance(at, TimeSpan.FromDays(8)));
        Assert.Equal(f.State.Surge, copy.State.Surge);
    }
}
