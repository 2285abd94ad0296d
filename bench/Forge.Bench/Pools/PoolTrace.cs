using System.Globalization;
using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>One request of a trace: when, and for which pool.</summary>
public sealed record TraceRequest(DateTimeOffset At, PoolKey Pool);

/// <summary>An announcement of a side file: made at <paramref name="AnnouncedAt"/> for <paramref name="Count"/> claims from <paramref name="At"/>.</summary>
public sealed record TraceReservation(DateTimeOffset AnnouncedAt, DateTimeOffset At, PoolKey Pool, int Count);

/// <summary>The true demand rate of a pool from <paramref name="From"/> for 15 minutes (known only for generated traces).</summary>
public sealed record TraceRate(DateTimeOffset From, PoolKey Pool, double PerMinute);

/// <summary>
/// A demand trace: CSV <c>timestamp,blueprint,os,region</c>, one request a row, ISO-8601 UTC; and its optional
/// side file <c>FILE.reservations.csv</c> (<c>announced_at,at,blueprint,os,region,count</c>). A generated trace also
/// has <c>FILE.rates.csv</c> (<c>from,blueprint,os,region,per_minute</c>, 15-minute steps): the intensity it was
/// drawn from, which <c>base-stock-known</c> is told.
/// </summary>
public sealed record PoolTrace(IReadOnlyList<TraceRequest> Requests, IReadOnlyList<TraceReservation> Reservations, IReadOnlyList<TraceRate> Rates)
{
    public const string RatesHeader = "from,blueprint,os,region,per_minute";

    public const string Header = "timestamp,blueprint,os,region";
    public const string ReservationsHeader = "announced_at,at,blueprint,os,region,count";

    public static string ReservationsPath(string tracePath) =>
        Path.Combine(Path.GetDirectoryName(tracePath) ?? ".", Path.GetFileNameWithoutExtension(tracePath) + ".reservations.csv");

    public static string RatesPath(string tracePath) =>
        Path.Combine(Path.GetDirectoryName(tracePath) ?? ".", Path.GetFileNameWithoutExtension(tracePath) + ".rates.csv");

    public static PoolTrace Load(string path)
    {
        var requests = new List<TraceRequest>();
        foreach (var (cells, line) in Rows(path, Header, 4))
        {
            requests.Add(new(Instant(cells[0], path, line), new(cells[1], cells[2], cells[3])));
        }

        var reservations = new List<TraceReservation>();
        var side = ReservationsPath(path);
        if (File.Exists(side))
        {
            foreach (var (cells, line) in Rows(side, ReservationsHeader, 6))
            {
                if (!int.TryParse(cells[5], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count <= 0)
                {
                    throw new FormatException($"{side}:{line}: count must be a positive whole number, not '{cells[5]}'");
                }

                reservations.Add(new(Instant(cells[0], side, line), Instant(cells[1], side, line), new(cells[2], cells[3], cells[4]), count));
            }
        }

        var rates = new List<TraceRate>();
        if (File.Exists(RatesPath(path)))
        {
            foreach (var (cells, line) in Rows(RatesPath(path), RatesHeader, 5))
            {
                if (!double.TryParse(cells[4], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) || rate < 0)
                {
                    throw new FormatException($"{RatesPath(path)}:{line}: per_minute must be a number ≥ 0, not '{cells[4]}'");
                }

                rates.Add(new(Instant(cells[0], RatesPath(path), line), new(cells[1], cells[2], cells[3]), rate));
            }
        }

        requests.Sort((a, b) => a.At.CompareTo(b.At));
        return new(requests, reservations, rates);
    }

    public void Save(string path)
    {
        using (var w = new StreamWriter(path))
        {
            w.WriteLine(Header);
            foreach (var r in Requests)
            {
                w.WriteLine($"{Format(r.At)},{r.Pool.Blueprint},{r.Pool.Os},{r.Pool.Region}");
            }
        }

        using (var w = new StreamWriter(RatesPath(path)))
        {
            w.WriteLine(RatesHeader);
            foreach (var r in Rates)
            {
                w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Format(r.From)},{r.Pool.Blueprint},{r.Pool.Os},{r.Pool.Region},{r.PerMinute:0.#####}"));
            }
        }

        var side = ReservationsPath(path);
        if (Reservations.Count == 0)
        {
            File.Delete(side);
            return;
        }

        using var s = new StreamWriter(side);
        s.WriteLine(ReservationsHeader);
        foreach (var r in Reservations)
        {
            s.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Format(r.AnnouncedAt)},{Format(r.At)},{r.Pool.Blueprint},{r.Pool.Os},{r.Pool.Region},{r.Count}"));
        }
    }

    private static string Format(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);

    private static IEnumerable<(string[] Cells, int Line)> Rows(string path, string header, int columns)
    {
        var line = 0;
        foreach (var text in File.ReadLines(path))
        {
            line++;
            if (line == 1)
            {
                if (!string.Equals(text.Trim(), header, StringComparison.Ordinal))
                {
                    throw new FormatException($"{path}:1: the header must be '{header}'");
                }

                continue;
            }

            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length != columns || cells.Any(string.IsNullOrWhiteSpace))
            {
                throw new FormatException($"{path}:{line}: expected {columns} non-empty columns ({header})");
            }

            yield return (cells.Select(c => c.Trim()).ToArray(), line);
        }
    }

    private static DateTimeOffset Instant(string text, string path, int line) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
            ? t
            : throw new FormatException($"{path}:{line}: '{text}' is not an ISO-8601 timestamp");
}
