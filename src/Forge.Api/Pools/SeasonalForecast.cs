namespace Forge.Api.Pools;

/// <summary>
/// A demand forecast learned from a pool's own claims, fed one claim at a time. Seasonality is the
/// expected count per quarter hour of the week (time of day × day of week; weighted across weeks so a
/// trend shows in a few weeks), smoothed over the neighbouring quarters. The recent rate (weighted over
/// the last half hour) is compared with what the season predicted for that same half hour: the
/// difference (a cohort nobody announced, a quiet afternoon) is added to the seasonal forecast and fades
/// over the next hour. The same comparison over the last day scales the season itself (a blueprint being
/// retired, a team that grew). Before a time of the week was ever seen, the busiest day seen at that time
/// of day stands for it, or the recent rate.
/// <para>
/// What the forecast cannot foresee it allows for (<see cref="SurgeAllowance"/>, held stopped): a surge well beyond
/// the season's noise (an onboarding cohort nobody announced) is remembered at its size and fades over a couple of
/// weeks, so the pool holds that many more members while surges of that size are recent; and a time of the week a
/// young pool has not seen yet (its first Monday morning) may be busier than the day that stands for it.
/// </para>
/// </summary>
public sealed class SeasonalForecast : IDemandOutlook
{
    public const int BinMinutes = 15;
    public const int BinsPerWeek = 7 * 24 * 60 / BinMinutes;

    /// <summary>The weight of this week's count against the weeks before (after the first few weeks).</summary>
    public const double WeekWeight = 0.3;

    /// <summary>The recent rate's time constant (minutes): a change in demand shows well within the hour.</summary>
    public const double RecentMinutes = 30;

    /// <summary>The daily rate's time constant (minutes).</summary>
    public const double DailyMinutes = 24 * 60;

    /// <summary>Claims a day added to both sides of the daily ratio, so that a rarely used pool's ratio stays near 1.</summary>
    public const double DailyPrior = 10;

    /// <summary>How long (minutes) a departure from the season is expected to last.</summary>
    public const double DeviationMinutes = 60;

    /// <summary>How far (in standard deviations of the recent rate's noise) claims must exceed the season to count as a surge.</summary>
    public const double SurgeDeviations = 3;

    /// <summary>A surge smaller than this many claims is left to the pool's floor (Min, 5 by default): it is not remembered.</summary>
    public const double SurgeMinimumClaims = 5;

    /// <summary>A remembered surge's time constant (minutes): two weeks, so that the surges of a season of onboarding are covered.</summary>
    public const double SurgeMinutes = 14 * 24 * 60;

    /// <summary>
    /// A time of the week a young pool has not seen may be this many times as busy as the day that stands for it (a
    /// Monday-morning storm of several times the mean, first met by a pool that opened on a Thursday).
    /// </summary>
    public const double UnseenFactor = 3;

    private static readonly DateTimeOffset WeekOrigin = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero); // a Monday
    private static readonly double[] Kernel = [1 / 9.0, 2 / 9.0, 3 / 9.0, 2 / 9.0, 1 / 9.0];

    private ForecastState state;
    private readonly double[] smoothed = new double[BinsPerWeek]; // per minute; NaN where unknown
    private readonly Dictionary<(int First, int Bins), double> seasonalPeaks = []; // derived, cleared as bins change
    private bool unknownBins;
    private bool unseenBins;

    public SeasonalForecast(ForecastState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        if (state.Seasonal.Length != BinsPerWeek || state.Samples.Length != BinsPerWeek)
        {
            throw new ArgumentException($"A forecast holds {BinsPerWeek} bins.", nameof(state));
        }

        this.state = state with { Seasonal = (double[])state.Seasonal.Clone(), Samples = (int[])state.Samples.Clone() };
        Smooth();
    }

    /// <summary>A forecast that knows nothing yet, starting at <paramref name="now"/>.</summary>
    public static SeasonalForecast Empty(DateTimeOffset now) =>
        new(new ForecastState(BinFloor(now), 0, new double[BinsPerWeek], new int[BinsPerWeek], 0, 0, now, 0, 0));

    /// <summary>The state to persist (a copy).</summary>
    public ForecastState State => state with { Seasonal = (double[])state.Seasonal.Clone(), Samples = (int[])state.Samples.Clone() };

    /// <summary>One claim at <paramref name="at"/> (claims arrive in time order; a late one counts as now).</summary>
    public void Observe(DateTimeOffset at)
    {
        Advance(at);
        state = state with { BinCount = state.BinCount + 1, Recent = state.Recent + (1 / RecentMinutes), Daily = state.Daily + (1 / DailyMinutes) };
        var excess = (state.Recent - state.Shadow) * RecentMinutes;
        if (excess > state.Surge && excess >= SurgeMinimumClaims && excess > SurgeDeviations * Math.Sqrt(Math.Max(state.Shadow, 1 / RecentMinutes) * RecentMinutes / 2))
        {
            state = state with { Surge = excess };
        }
    }

    /// <summary>Moves the forecast's clock to <paramref name="now"/>: closes finished bins, decays the recent rate.</summary>
    public void Advance(DateTimeOffset now)
    {
        var t = state.RecentAt;
        var recent = state.Recent;
        var shadow = state.Shadow;
        var daily = state.Daily;
        var dailyShadow = state.DailyShadow;
        var surge = state.Surge * Math.Exp(-Math.Max(0, (now - t).TotalMinutes) / SurgeMinutes);
        while (t < now)
        {
            // Piecewise: the season's rate is constant within a bin.
            var binEnd = BinFloor(t) + TimeSpan.FromMinutes(BinMinutes);
            var until = binEnd < now ? binEnd : now;
            var minutes = (until - t).TotalMinutes;
            var decay = Math.Exp(-minutes / RecentMinutes);
            var dailyDecay = Math.Exp(-minutes / DailyMinutes);
            var known = !double.IsNaN(smoothed[BinOf(t)]);
            var season = known ? smoothed[BinOf(t)] * Level : recent;
            recent *= decay;
            shadow = season + ((shadow - season) * decay);
            var rawSeason = known ? smoothed[BinOf(t)] : daily;
            daily *= dailyDecay;
            dailyShadow = rawSeason + ((dailyShadow - rawSeason) * dailyDecay);
            t = until;
            if ((now - t).TotalDays > 7 * 3)
            {
                t = now - TimeSpan.FromDays(7 * 3); // a pool idle for weeks: three empty weeks say all there is to say
            }
        }

        state = state with { Recent = recent, Shadow = shadow, Daily = daily, DailyShadow = dailyShadow, Surge = surge, RecentAt = now > state.RecentAt ? now : state.RecentAt };
        FoldBinsUntil(now);
    }

    public int DemandQuantile(DateTimeOffset now, TimeSpan horizon, double p) => Poisson.Quantile(ExpectedClaims(now, horizon), p);

    public int PeakDemandQuantile(DateTimeOffset now, TimeSpan lookahead, TimeSpan window, double p) =>
        Poisson.Quantile(PeakRate(now, lookahead) * window.TotalMinutes, p);

    /// <summary>The expected claims in [now, now + horizon): the season plus the recent departure from it, fading.</summary>
    public double ExpectedClaims(DateTimeOffset now, TimeSpan horizon)
    {
        var total = 0.0;
        var t = now;
        var end = now + horizon;
        while (t < end)
        {
            var binEnd = BinFloor(t) + TimeSpan.FromMinutes(BinMinutes);
            var until = binEnd < end ? binEnd : end;
            var rate = smoothed[BinOf(t)];
            total += (double.IsNaN(rate) ? state.Recent : rate * Level) * (until - t).TotalMinutes;
            t = until;
        }

        var h = horizon.TotalMinutes;
        total += Departure() * DeviationMinutes * (1 - Math.Exp(-h / DeviationMinutes));
        return Math.Max(0, total);
    }

    /// <summary>
    /// The remembered surge (claims beyond the season), plus, over the times of the week within the horizon that the pool
    /// has not seen yet but another day stands for, <see cref="UnseenFactor"/> − 1 times the claims expected of that day.
    /// </summary>
    public int SurgeAllowance(DateTimeOffset now, TimeSpan horizon)
    {
        var unseen = 0.0;
        var t = now;
        var end = unseenBins ? now + horizon : now; // a pool that has seen the whole week has nothing unseen to sum
        while (t < end)
        {
            var binEnd = BinFloor(t) + TimeSpan.FromMinutes(BinMinutes);
            var until = binEnd < end ? binEnd : end;
            // Only a day standing for another counts: on a pool's first day (nothing seen at that time of day) the recent
            // rate stands for everything, and the level follows it as it shows.
            var rate = smoothed[BinOf(t)];
            if (state.Samples[BinOf(t)] == 0 && !double.IsNaN(rate))
            {
                unseen += rate * Level * (until - t).TotalMinutes;
            }

            t = until;
        }

        return (int)Math.Ceiling(state.Surge + ((UnseenFactor - 1) * unseen) - 1e-9);
    }

    /// <summary>
    /// The last day's claims against the season's for that day (with a prior of <see cref="DailyPrior"/> a day each
    /// side), at most 3. A drop counts only below 0.75, and from there down to 0 (a day's noise is no retirement).
    /// </summary>
    private double Level
    {
        get
        {
            var ratio = (state.Daily + (DailyPrior / DailyMinutes)) / (state.DailyShadow + (DailyPrior / DailyMinutes));
            return ratio >= 0.75 ? Math.Clamp(ratio, 1, 3) : ratio / 0.75;
        }
    }

    /// <summary>
    /// The recent rate's departure from the season, less its own noise: a Poisson rate weighted over τ minutes
    /// has a standard deviation of √(rate / 2τ). A rise counts beyond one deviation, a fall only beyond two (a
    /// forecast too low costs a developer a build; one too high costs a stopped member).
    /// </summary>
    private double Departure()
    {
        var delta = state.Recent - state.Shadow;
        var noise = Math.Sqrt(Math.Max(state.Shadow, 1 / RecentMinutes) / (2 * RecentMinutes));
        return delta > 0 ? Math.Max(0, delta - noise) : Math.Min(0, delta + (2 * noise));
    }

    /// <summary>The highest expected claim rate per minute in [now, now + lookahead): now's (with the departure) or the season's.</summary>
    public double PeakRate(DateTimeOffset now, TimeSpan lookahead)
    {
        var current = smoothed[BinOf(now)];
        var peak = Math.Max(0, (double.IsNaN(current) ? state.Recent : current * Level) + Departure());
        var bins = Math.Min(BinsPerWeek, (int)Math.Ceiling(lookahead.TotalMinutes / BinMinutes));
        var first = BinOf(now);
        if (!seasonalPeaks.TryGetValue((first, bins), out var seasonal))
        {
            seasonal = 0;
            for (var i = 1; i < bins; i++)
            {
                var rate = smoothed[(first + i) % BinsPerWeek];
                seasonal = double.IsNaN(rate) ? seasonal : Math.Max(seasonal, rate);
            }

            seasonalPeaks[(first, bins)] = seasonal;
        }

        // Times of the week never seen count at the recent rate.
        return Math.Max(peak, unknownBins ? Math.Max(seasonal * Level, state.Recent) : seasonal * Level);
    }

    private void FoldBinsUntil(DateTimeOffset now)
    {
        var folded = false;
        var skipped = 0;
        while (state.BinStart + TimeSpan.FromMinutes(BinMinutes) <= now)
        {
            var bin = BinOf(state.BinStart);
            var n = state.Samples[bin];
            var w = Math.Max(1.0 / (n + 1), WeekWeight);
            state.Seasonal[bin] = n == 0 ? state.BinCount : state.Seasonal[bin] + (w * (state.BinCount - state.Seasonal[bin]));
            state.Samples[bin] = n + 1;
            state = state with { BinStart = state.BinStart + TimeSpan.FromMinutes(BinMinutes), BinCount = 0 };
            folded = true;
            if (++skipped > 3 * BinsPerWeek)
            {
                state = state with { BinStart = BinFloor(now) }; // weeks without a claim: three empty weeks are enough
            }
        }

        if (folded)
        {
            Smooth();
        }
    }

    private void Smooth()
    {
        for (var b = 0; b < BinsPerWeek; b++)
        {
            if (state.Samples[b] == 0)
            {
                smoothed[b] = double.NaN;
                continue;
            }

            double sum = 0, weight = 0;
            for (var k = 0; k < Kernel.Length; k++)
            {
                var j = (b + k - (Kernel.Length / 2) + BinsPerWeek) % BinsPerWeek;
                if (state.Samples[j] > 0)
                {
                    sum += Kernel[k] * state.Seasonal[j];
                    weight += Kernel[k];
                }
            }

            smoothed[b] = sum / weight / BinMinutes;
        }

        // A time of the week not seen yet (a young pool) takes the busiest day seen at that time of day: time-of-day
        // seasonality first, the day of the week once it is known (a miss costs a build, a spare a stopped member).
        const int binsPerDay = BinsPerWeek / 7;
        for (var b = 0; b < BinsPerWeek; b++)
        {
            if (state.Samples[b] > 0)
            {
                continue;
            }

            for (var day = 1; day < 7; day++)
            {
                var other = (b + (day * binsPerDay)) % BinsPerWeek;
                if (state.Samples[other] > 0 && !(smoothed[b] >= smoothed[other]))
                {
                    smoothed[b] = smoothed[other];
                }
            }
        }

        seasonalPeaks.Clear();
        unknownBins = Array.Exists(smoothed, double.IsNaN);
        unseenBins = Array.Exists(state.Samples, n => n == 0);
    }

    private static int BinOf(DateTimeOffset t) =>
        (int)(((long)Math.Floor((t - WeekOrigin).TotalMinutes) / BinMinutes % BinsPerWeek + BinsPerWeek) % BinsPerWeek);

    private static DateTimeOffset BinFloor(DateTimeOffset t)
    {
        var minutes = (long)Math.Floor((t - WeekOrigin).TotalMinutes);
        return WeekOrigin + TimeSpan.FromMinutes(minutes - (((minutes % BinMinutes) + BinMinutes) % BinMinutes));
    }
}
