using System.Data.Common;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Monitoring;

/// <summary>
/// Computes a <see cref="ProvisioningSummary"/> from a streamed read of the window: finish time,
/// outcome and duration of each record, in the order of the covering index on finish time (no sort
/// and no table lookup in the database). Counts and ready durations go to their bucket as they
/// stream; each bucket's percentiles, then the window's, are selected at their nearest ranks
/// (linear time, no sort). Grouping and ranking in SQL cost two sorts of the whole window per
/// figure; this costs one pass over the window in memory.
/// </summary>
public static class ProvisioningSummaryQuery
{
    public const string Table = "ProvisioningRecords";

    /// <summary>
    /// Reads the window on the request's context. On SQLite the second half (split at a bucket boundary) is read at the
    /// same time on a context of its own: SQLite scans inside this process, so a second reader is a second core at work,
    /// and each bucket is filled by one reader only. PostgreSQL scans in its own process while Forge decodes, so one
    /// stream already keeps both busy and a second only adds contention (measured: p50 448 → 505 ms).
    /// </summary>
    public static async Task<ProvisioningSummary> RunAsync(ForgeDbContext db, IServiceScopeFactory scopes, ProvisioningQuery query,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(query);
        var bucketCount = (int)Math.Ceiling((query.To - query.From) / query.Bucket);
        var buckets = new Counts[bucketCount];
        var ready = new List<long>?[bucketCount];
        var half = db.IsPostgres ? bucketCount : Math.Max(1, bucketCount / 2);
        if (half == bucketCount)
        {
            await ReadAsync(db, query, 0, bucketCount, buckets, ready, cancellationToken);
        }
        else
        {
            // Task.Run: SQLite's reader is synchronous underneath, so awaiting the halves alone would run them one after the other.
            await Task.WhenAll(
                Task.Run(() => ReadAsync(db, query, 0, half, buckets, ready, cancellationToken), cancellationToken),
                Task.Run(async () =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await ReadAsync(scope.ServiceProvider.GetRequiredService<ForgeDbContext>(), query, half, bucketCount, buckets, ready, cancellationToken);
                }, cancellationToken));
        }

        return Summarize(query, buckets, ready);
    }

    /// <summary>Streams the records of buckets [<paramref name="first"/>, <paramref name="end"/>) into their counts and durations.</summary>
    private static async Task ReadAsync(ForgeDbContext db, ProvisioningQuery query, int first, int end, Counts[] buckets, List<long>?[] ready,
        CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            var from = query.From + (query.Bucket * first);
            var to = end == buckets.Length ? query.To : query.From + (query.Bucket * end);
            // Two numbers a row, the outcome folded into the duration's sign (-1: failed): no string read per row.
            command.CommandText = $"SELECT \"FinishedAt\", CASE WHEN \"Outcome\" = 'ready' THEN \"DurationMs\" ELSE -1 END FROM \"{Table}\" WHERE {Filter(db, command, query, from, to)}";
            var target = (long)query.SlaTarget.TotalMilliseconds;
            var fromTicks = query.From.UtcTicks;
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var finishedTicks = db.IsPostgres
                    ? reader.GetFieldValue<DateTime>(0).Ticks
                    : StoredTime.FromUnixMicroseconds(reader.GetInt64(0)).UtcTicks;
                var index = (int)((finishedTicks - fromTicks) / query.Bucket.Ticks);
                var duration = reader.GetInt64(1);
                var isReady = duration >= 0;
                buckets[index].Add(isReady, duration, target);
                if (isReady)
                {
                    (ready[index] ??= []).Add(duration);
                }
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    // ready: per bucket, its ready durations in milliseconds (null: none).
    private static ProvisioningSummary Summarize(ProvisioningQuery query, Counts[] buckets, List<long>?[] ready)
    {
        var total = default(Counts);
        // Copied before the buckets' selections reorder them; the window's percentiles are selected over the copy.
        var all = new long[ready.Sum(r => r?.Count ?? 0)];
        var copied = 0;
        var series = new List<ProvisioningBucket>(buckets.Length);
        for (var i = 0; i < buckets.Length; i++)
        {
            var b = buckets[i];
            total.Merge(b);
            var durations = CollectionsMarshal.AsSpan(ready[i]);
            durations.CopyTo(all.AsSpan(copied));
            copied += durations.Length;
            var (p50, p95, p99) = NearestRank.Seconds(durations);
            series.Add(new ProvisioningBucket(query.From + (query.Bucket * i), b.Count, b.Ready, b.Count - b.Ready, b.WithinSla,
                Ratio(b.Ready, b.Count), Ratio(b.WithinSla, b.Count), p50, p95, p99, b.MaxMs / 1000.0));
        }

        var (windowP50, windowP95, windowP99) = NearestRank.Seconds(all);
        return new ProvisioningSummary(query.From, query.To, query.SlaTarget.TotalSeconds, query.Bucket.TotalSeconds,
            total.Count, total.Ready, total.Count - total.Ready, total.WithinSla, Ratio(total.Ready, total.Count), Ratio(total.WithinSla, total.Count),
            windowP50, windowP95, windowP99, total.MaxMs / 1000.0, series);
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;

    /// <summary>The WHERE clause for <paramref name="query"/> over finish times [<paramref name="from"/>, <paramref name="to"/>), its values added to <paramref name="command"/> as parameters.</summary>
    private static string Filter(ForgeDbContext db, DbCommand command, ProvisioningQuery query, DateTimeOffset from, DateTimeOffset to)
    {
        Add(command, "from", db.IsPostgres ? from.UtcDateTime : StoredTime.ToUnixMicroseconds(from));
        Add(command, "to", db.IsPostgres ? to.UtcDateTime : StoredTime.ToUnixMicroseconds(to));
        var where = new StringBuilder("\"FinishedAt\" >= @from AND \"FinishedAt\" < @to");
        foreach (var (column, value) in new[] { ("Blueprint", query.Blueprint), ("Region", query.Region), ("Path", query.Path) })
        {
            if (value is not null)
            {
                Add(command, column, value);
                where.Append(CultureInfo.InvariantCulture, $" AND \"{column}\" = @{column}");
            }
        }

        if (query.Teams is { } teams)
        {
            Add(command, "owner", query.OwnerId ?? "");
            where.Append(" AND (\"OwnerId\" = @owner");
            for (var i = 0; i < teams.Count; i++)
            {
                // A case-sensitive substring test without wildcards (SQLite's LIKE ignores case): "|team|" within "|a|team|b|".
                Add(command, "team" + i.ToString(CultureInfo.InvariantCulture), ProvisioningRecord.JoinTeams([teams[i]]));
                where.Append(CultureInfo.InvariantCulture, $" OR {(db.IsPostgres ? "strpos" : "instr")}(\"OwnerTeams\", @team{i}) > 0");
            }

            where.Append(')');
        }

        return where.ToString();
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@" + name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>One bucket's running counts.</summary>
    private struct Counts
    {
        public long Count;
        public long Ready;
        public long WithinSla;
        public long? MaxMs;

        public void Add(bool ready, long durationMs, long targetMs)
        {
            Count++;
            if (ready)
            {
                Ready++;
                WithinSla += durationMs <= targetMs ? 1 : 0;
                MaxMs = MaxMs is { } max && max >= durationMs ? max : durationMs;
            }
        }

        public void Merge(Counts other)
        {
            Count += other.Count;
            Ready += other.Ready;
            WithinSla += other.WithinSla;
            MaxMs = other.MaxMs is { } m && (MaxMs is null || m > MaxMs) ? m : MaxMs;
        }
    }
}
