using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>
/// Demand traces an organisation produces, from a name and a seed (the seeds are in bench/pools/seeds.txt):
/// offices with business hours (a lunch dip, quiet evenings and weekends), a Monday-morning storm, onboarding
/// cohorts (announced or not), offices in three time zones on one pool, a long tail of rarely used
/// blueprints, and a blueprint replaced by its next version. Eight weeks from Monday 2026-01-05 unless said.
/// </summary>
public static class TraceGenerator
{
    public static readonly string[] Names = ["business", "cohorts", "three-offices", "long-tail", "version-bump", "scale"];

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One stream of requests: a pool and its rate per minute at an instant.</summary>
    private sealed record Stream(PoolKey Pool, Func<DateTimeOffset, double> Rate);

    /// <summary>A cohort: <paramref name="Count"/> newcomers from <paramref name="At"/>, announced two days ahead or not.</summary>
    private sealed record Cohort(PoolKey Pool, DateTimeOffset At, int Count, bool Announced);

    public static PoolTrace Generate(string name, int seed, int weeks = 8)
    {
        var random = new Random(seed);
        var end = Start + TimeSpan.FromDays(7 * weeks);
        var backend = new PoolKey("backend", "windows", "us-east-1");
        var (streams, cohorts) = name switch
        {
            "business" => Make([new(backend, Office(-5, 120, storm: 4))]),
            "cohorts" => Make([new(backend, Office(-5, 120, storm: 4))], Cohorts(random, backend, weeks, 8)),
            "three-offices" => Make([new(new("backend", "windows", "eu-west-1"), Sum(Office(-5, 60, storm: 3), Office(0, 80, storm: 3), Office(5.5, 100, storm: 3)))]),
            "long-tail" => Make(LongTail()),
            "version-bump" => Make(VersionBump()),
            "scale" => Make(Scale()),
            _ => throw new ArgumentException($"unknown trace '{name}'; known: {string.Join(", ", Names)}", nameof(name)),
        };

        var requests = new List<TraceRequest>();
        var bins = (int)((end - Start).TotalMinutes / 15);
        var truth = streams.Select(s => s.Pool).Distinct().ToDictionary(p => p, _ => new double[bins]);
        for (var t = Start; t < end; t += TimeSpan.FromMinutes(1))
        {
            foreach (var s in streams)
            {
                var mean = s.Rate(t);
                truth[s.Pool][(int)((t - Start).TotalMinutes / 15)] += mean / 15;
                var count = Poisson(random, mean);
                for (var i = 0; i < count; i++)
                {
                    requests.Add(new(t + TimeSpan.FromSeconds(random.Next(60)), s.Pool));
                }
            }
        }

        var reservations = new List<TraceReservation>();
        foreach (var c in cohorts)
        {
            for (var i = 0; i < c.Count; i++)
            {
                // Newcomers trickle in over the first half hour (exponential, mean 8 minutes).
                var delay = Math.Min(45, -8 * Math.Log(1 - random.NextDouble()));
                requests.Add(new(c.At + TimeSpan.FromMinutes(delay), c.Pool));
            }

            // The cohort's expected arrivals: the exponential's mass in each quarter hour after its start.
            for (var q = 0; q < 4 && ((c.At - Start).TotalMinutes / 15) + q < bins; q++)
            {
                var mass = Math.Exp(-15.0 * q / 8) - Math.Exp(-15.0 * (q + 1) / 8);
                truth[c.Pool][(int)((c.At - Start).TotalMinutes / 15) + q] += c.Count * mass / 15;
            }

            if (c.Announced)
            {
                reservations.Add(new(c.At - TimeSpan.FromDays(2), c.At, c.Pool, c.Count));
            }
        }

        requests.Sort((a, b) => a.At.CompareTo(b.At));
        var rates = truth.SelectMany(kv => kv.Value.Select((r, i) => new TraceRate(Start + TimeSpan.FromMinutes(15 * i), kv.Key, r))).ToList();
        return new(requests, reservations, rates);
    }

    /// <summary>
    /// An office at UTC<paramref name="offset"/> making <paramref name="perWeekday"/> requests a weekday: ramp-up from
    /// 7:00, plateau 9:00–17:00 with a lunch dip, ramp-down to 19:00, a quiet evening, weekends at 5 %; on Monday
    /// 8:45–9:30 the rate is <paramref name="storm"/> times the plateau.
    /// </summary>
    private static Func<DateTimeOffset, double> Office(double offset, double perWeekday, double storm)
    {
        var scale = perWeekday / Enumerable.Range(0, 1440).Sum(m => Shape(m / 60.0));
        return t =>
        {
            var local = t.UtcDateTime.AddHours(offset);
            var hour = local.Hour + (local.Minute / 60.0);
            var rate = Shape(hour) * scale;
            if (local.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            {
                return rate * 0.05;
            }

            return local.DayOfWeek == DayOfWeek.Monday && hour is >= 8.75 and < 9.5 ? storm * scale : rate;
        };
    }

    private static double Shape(double hour) => hour switch
    {
        < 7 => 0.01,
        < 9 => 0.01 + ((hour - 7) / 2),
        < 12 => 1,
        < 13 => 0.6,
        < 17 => 1,
        < 19 => 1 - ((hour - 17) / 2 * 0.9),
        < 22 => 0.1,
        _ => 0.01,
    };

    private static (List<Stream> Streams, List<Cohort> Cohorts) Make(List<Stream> streams, List<Cohort>? cohorts = null) => (streams, cohorts ?? []);

    private static Func<DateTimeOffset, double> Sum(params Func<DateTimeOffset, double>[] parts) => t => parts.Sum(p => p(t));

    /// <summary>Onboarding cohorts of 10–50 on weekday mornings, every other one announced two days ahead.</summary>
    private static List<Cohort> Cohorts(Random random, PoolKey pool, int weeks, int count) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var day = random.Next(weeks * 5);
            var at = Start + TimeSpan.FromDays((day / 5 * 7) + (day % 5)) + TimeSpan.FromHours(14 + random.Next(0, 4)); // 9:00–12:00 at UTC-5
            return new Cohort(pool, at, random.Next(10, 51), i % 2 == 0);
        }).ToList();

    /// <summary>Twelve blueprints, Zipf-distributed: the first takes about a third, the last two a few a week.</summary>
    private static List<Stream> LongTail()
    {
        var weights = Enumerable.Range(1, 12).Select(k => 1 / Math.Pow(k, 1.6)).ToArray();
        var total = weights.Sum();
        return weights.Select((w, i) => new Stream(new($"bp-{i + 1:00}", i % 3 == 2 ? "linux" : "windows", "us-east-1"), Office(-5, 250 * w / total, storm: 4))).ToList();
    }

    /// <summary><c>web-v1</c> (100 a weekday) hands over to <c>web-v2</c> over two days from day 38, in the scored half; <c>backend</c> steady beside it.</summary>
    private static List<Stream> VersionBump()
    {
        var switchAt = Start + TimeSpan.FromDays(38);
        double Share(DateTimeOffset t) => Math.Clamp((t - switchAt).TotalDays / 2, 0, 1);
        var web = Office(-5, 100, storm: 4);
        return
        [
            new(new("web-v1", "linux", "us-east-1"), t => web(t) * (1 - Share(t))),
            new(new("web-v2", "linux", "us-east-1"), t => web(t) * Share(t)),
            new(new("backend", "windows", "us-east-1"), Office(-5, 60, storm: 4)),
        ];
    }

    /// <summary>Ten pools in three regions, 1 000 requests a day on average over the week.</summary>
    private static List<Stream> Scale()
    {
        string[] regions = ["us-east-1", "eu-west-1", "ap-south-1"];
        double[] offsets = [-5, 0, 5.5];
        var perWeekday = 1000.0 * 7 / (5 + (2 * 0.05)) / 10; // weekends run at 5 % of a weekday
        return Enumerable.Range(0, 10).Select(i => new Stream(
            new($"bp-{i + 1:00}", i % 2 == 0 ? "windows" : "linux", regions[i % 3]),
            Office(offsets[i % 3], perWeekday, storm: 4))).ToList();
    }

    private static int Poisson(Random random, double mean)
    {
        if (mean <= 0)
        {
            return 0;
        }

        var limit = Math.Exp(-mean);
        var k = 0;
        var product = random.NextDouble();
        while (product > limit)
        {
            k++;
            product *= random.NextDouble();
        }

        return k;
    }
}
