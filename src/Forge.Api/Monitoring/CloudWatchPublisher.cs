using System.Text.Json;
using Forge.Api.Persistence;
using Forge.Aws.CloudWatch;
using Forge.Aws.Protocols;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Monitoring;

/// <summary>What one publishing pass did.</summary>
public sealed record PublishStats(int Requests, int Records, long Dropped, int Failed, DateTimeOffset SentBefore, TimeSpan Elapsed);

/// <summary>
/// Publishes the provisioning records to CloudWatch. The buffer is durable: it is the
/// <see cref="ProvisioningRecord"/> table itself, read from a high-water mark
/// (<see cref="MonitoringCursor"/>) that moves only after CloudWatch accepted a request, minute by
/// minute. A restart loses nothing and, since each request holds whole minutes and the mark moves
/// past exactly those, sends nothing twice. A failed request is retried by the next pass; once
/// CloudWatch has been down longer than <see cref="CloudWatchPublisherOptions.MaxBacklog"/>, the
/// oldest minutes are skipped and their records counted as dropped.
/// </summary>
public sealed partial class CloudWatchPublisher(
    IServiceScopeFactory scopes, CloudWatchClient cloudWatch, ProvisioningMetrics metrics, TimeProvider timeProvider,
    IOptions<CloudWatchPublisherOptions> options, IOptions<SlaOptions> sla, ILogger<CloudWatchPublisher> logger)
{
    public const string CursorName = "cloudwatch";

    /// <summary>Room left in each request for its envelope, below CloudWatch's 1 MB.</summary>
    private const int MaxDataBytes = MetricDataBatcher.MaxRequestBytes - 4096;

    public async Task<PublishStats> RunOnceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        var o = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var cutoff = Minute(now - o.SettleTime);
        var oldest = cutoff - o.MaxBacklog;
        var cursor = await db.Set<MonitoringCursor>().SingleOrDefaultAsync(c => c.Name == CursorName, cancellationToken);
        if (cursor is null)
        {
            cursor = new MonitoringCursor { Name = CursorName, SentBefore = oldest };
            db.Add(cursor);
            await db.SaveChangesAsync(cancellationToken);
        }

        long dropped = 0;
        if (cursor.SentBefore < oldest)
        {
            var from = cursor.SentBefore;
            dropped = await db.Set<ProvisioningRecord>().LongCountAsync(r => r.FinishedAt >= from && r.FinishedAt < oldest, cancellationToken);
            cursor.SentBefore = oldest;
            await db.SaveChangesAsync(cancellationToken);
            if (dropped > 0)
            {
                metrics.CloudWatchDroppedRecords(dropped);
                LogDropped(logger, dropped, from, oldest);
            }
        }

        int requests = 0, records = 0, failed = 0;
        try
        {
            while (requests < o.MaxRequestsPerPass && cursor.SentBefore < cutoff)
            {
                var (sent, count) = await SendNextAsync(db, cursor, cutoff, cancellationToken);
                requests += sent ? 1 : 0;
                records += count;
            }
        }
#pragma warning disable CA1031 // CloudWatch being down is an outcome of the pass: the mark stays and the next pass retries.
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            failed = 1;
            LogPublishFailed(logger, e, cursor.SentBefore);
        }

        if (records > 0)
        {
            metrics.CloudWatchPublished(records);
        }

        return new PublishStats(requests, records, dropped, failed, cursor.SentBefore, timeProvider.GetElapsedTime(started));
    }

    /// <summary>
    /// Sends the next whole minutes from the mark (at most an hour's worth, 1 000 data and 1 MB) as one
    /// request and moves the mark past them; a span with no record only moves the mark.
    /// </summary>
    private async Task<(bool Sent, int Records)> SendNextAsync(ForgeDbContext db, MonitoringCursor cursor, DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        var from = cursor.SentBefore;
        var spanEnd = from + TimeSpan.FromHours(1) < cutoff ? from + TimeSpan.FromHours(1) : cutoff;
        var span = await db.Set<ProvisioningRecord>().AsNoTracking()
            .Where(r => r.FinishedAt >= from && r.FinishedAt < spanEnd).ToListAsync(cancellationToken);
        var data = new List<MetricDatum>();
        long bytes = 0;
        var sentBefore = spanEnd;
        var records = 0;
        foreach (var minute in span.GroupBy(r => Minute(r.FinishedAt)).OrderBy(g => g.Key))
        {
            var minuteData = CloudWatchDatumBuilder.ForMinute(minute.Key, minute, options.Value.Dimensions, sla.Value.Target).ToList();
            var minuteBytes = minuteData.Sum(d => (long)JsonSerializer.SerializeToUtf8Bytes(d, AwsJson.Options).Length + 1);
            if (data.Count > 0 && (data.Count + minuteData.Count > MetricDataBatcher.MaxMetricsPerRequest || bytes + minuteBytes > MaxDataBytes))
            {
                sentBefore = minute.Key; // this minute and the rest go in the next request
                break;
            }

            // A single minute over the limits still goes, split by the client: the one case a partial failure could repeat data.
            data.AddRange(minuteData);
            bytes += minuteBytes;
            records += minute.Count();
        }

        if (data.Count > 0)
        {
            await cloudWatch.PutMetricDataAsync(new PutMetricDataInput { Namespace = options.Value.Namespace, MetricData = data },
                options.Value.Region, cancellationToken);
        }

        cursor.SentBefore = sentBefore;
        await db.SaveChangesAsync(cancellationToken);
        return (data.Count > 0, records);
    }

    private static DateTimeOffset Minute(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - (utc.Ticks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
    }

    [LoggerMessage(EventId = 12001, Level = LogLevel.Warning,
        Message = "CloudWatch was unavailable past the backlog bound: {Dropped} provisioning records finished between {From} and {To} are not published")]
    private static partial void LogDropped(ILogger logger, long dropped, DateTimeOffset from, DateTimeOffset to);

    [LoggerMessage(EventId = 12002, Level = LogLevel.Warning, Message = "Publishing to CloudWatch failed; records from {SentBefore} are retried next pass")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception, DateTimeOffset sentBefore);
}
