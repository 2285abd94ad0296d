using System.Data.Common;
using System.Globalization;
using System.Text;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Monitoring;

/// <summary>
/// Computes a <see cref="ProvisioningSummary"/> in the database with two statements over the window's
/// index range: the counts per bucket (the totals are their sums), and the ready durations at the
/// three nearest ranks through <c>ROW_NUMBER()</c>, so a million records never leave the database.
/// The SQL is the same on both providers except for how a finish time becomes a bucket number.
/// </summary>
public static class ProvisioningSummaryQuery
{
    public const string Table = "ProvisioningRecords";
    private static readonly int[] Percentiles = [50, 95, 99];

    public static async Task<ProvisioningSummary> RunAsync(ForgeDbContext db, ProvisioningQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(query);
        var connection = db.Database.GetDbConnection();
        var opened = connection.State != System.Data.ConnectionState.Open;
        if (opened)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            var buckets = await BucketsAsync(db, connection, query, cancellationToken);
            var ready = buckets.Values.Sum(b => b.Ready);
            var ranked = ready == 0 ? [] : await RankedAsync(db, connection, query, [.. Percentiles.Select(p => NearestRank.Of(p, ready))], cancellationToken);
            return Summarize(query, buckets, ranked);
        }
        finally
        {
            if (opened)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static ProvisioningSummary Summarize(ProvisioningQuery query, Dictionary<long, Counts> buckets, Dictionary<long, long> ranked)
    {
        var total = buckets.Values.Aggregate(new Counts(0, 0, 0, null), (a, b) => new Counts(a.Count + b.Count, a.Ready + b.Ready, a.WithinSla + b.WithinSla,
            b.MaxMs is { } m && (a.MaxMs is null || m > a.MaxMs) ? m : a.MaxMs));
        double? At(int percentile) => total.Ready == 0 ? null : ranked[NearestRank.Of(percentile, total.Ready)] / 1000.0;
        var count = (long)Math.Ceiling((query.To - query.From) / query.Bucket);
        var series = new List<ProvisioningBucket>();
        for (long i = 0; i < count; i++)
        {
            var b = buckets.GetValueOrDefault(i, new Counts(0, 0, 0, null));
            series.Add(new ProvisioningBucket(query.From + (query.Bucket * i), b.Count, b.Ready, b.Count - b.Ready, b.WithinSla,
                Ratio(b.Ready, b.Count), Ratio(b.WithinSla, b.Count), b.MaxMs / 1000.0));
        }

        return new ProvisioningSummary(query.From, query.To, query.SlaTarget.TotalSeconds, query.Bucket.TotalSeconds,
            total.Count, total.Ready, total.Count - total.Ready, total.WithinSla, Ratio(total.Ready, total.Count), Ratio(total.WithinSla, total.Count),
            At(50), At(95), At(99), total.MaxMs / 1000.0, series);
    }

    private static double? Ratio(long part, long whole) => whole == 0 ? null : (double)part / whole;

    private static async Task<Dictionary<long, Counts>> BucketsAsync(ForgeDbContext db, DbConnection connection, ProvisioningQuery query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = Filter(db, command, query);
        var bucketMicros = query.Bucket.Ticks / TimeSpan.TicksPerMicrosecond;
        var bucket = db.IsPostgres
            ? $"floor(extract(epoch from (\"FinishedAt\" - @from)) * 1000000 / {bucketMicros})::bigint"
            : $"((\"FinishedAt\" - @from) / {bucketMicros})";
        command.CommandText = $"""
            SELECT {bucket} AS b, COUNT(*),
              SUM(CASE WHEN "Outcome" = 'ready' THEN 1 ELSE 0 END),
              SUM(CASE WHEN "Outcome" = 'ready' AND "DurationMs" <= {(long)query.SlaTarget.TotalMilliseconds} THEN 1 ELSE 0 END),
              MAX(CASE WHEN "Outcome" = 'ready' THEN "DurationMs" END)
            FROM "{Table}" WHERE {where} GROUP BY b
            """;
        var result = new Dictionary<long, Counts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = new Counts(
                reader.GetInt64(1), Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture), reader.IsDBNull(4) ? null : reader.GetInt64(4));
        }

        return result;
    }

    private static async Task<Dictionary<long, long>> RankedAsync(ForgeDbContext db, DbConnection connection, ProvisioningQuery query, long[] ranks,
        CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        var where = Filter(db, command, query);
        command.CommandText = $"""
            SELECT rn, "DurationMs" FROM (
              SELECT "DurationMs", ROW_NUMBER() OVER (ORDER BY "DurationMs") AS rn
              FROM "{Table}" WHERE {where} AND "Outcome" = 'ready') AS ranked
            WHERE rn IN ({string.Join(", ", ranks.Distinct())})
            """;
        var result = new Dictionary<long, long>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result[reader.GetInt64(0)] = reader.GetInt64(1);
        }

        return result;
    }

    /// <summary>The WHERE clause for <paramref name="query"/>, its values added to <paramref name="command"/> as parameters.</summary>
    private static string Filter(ForgeDbContext db, DbCommand command, ProvisioningQuery query)
    {
        Add(command, "from", db.IsPostgres ? query.From.UtcDateTime : StoredTime.ToUnixMicroseconds(query.From));
        Add(command, "to", db.IsPostgres ? query.To.UtcDateTime : StoredTime.ToUnixMicroseconds(query.To));
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

    private sealed record Counts(long Count, long Ready, long WithinSla, long? MaxMs);
}
