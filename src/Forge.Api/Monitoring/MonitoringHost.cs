using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Monitoring;

/// <summary>
/// The thin periodic host of provisioning monitoring: each <see cref="CloudWatchPublisherOptions.Interval"/>
/// it samples the requests in flight for the gauge and, when enabled, runs a CloudWatch publishing pass.
/// </summary>
public sealed partial class MonitoringHost(
    IServiceScopeFactory scopes, CloudWatchPublisher publisher, ProvisioningMetrics metrics, TimeProvider timeProvider,
    IOptions<CloudWatchPublisherOptions> options, ILogger<MonitoringHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(options.Value.Interval, timeProvider, () => false,
            async ct =>
            {
                await SampleInFlightAsync(ct);
                if (options.Value.Enabled)
                {
                    var stats = await publisher.RunOnceAsync(timeProvider.GetUtcNow(), ct);
                    LogPublished(logger, stats.Requests, stats.Records, stats.Dropped, stats.Failed, stats.Elapsed.TotalMilliseconds);
                }
            },
            e => LogPassFailed(logger, e),
            stoppingToken);

    /// <summary>Counts the workspaces still provisioning, by blueprint and region, for <see cref="ProvisioningMetrics.InFlight"/>.</summary>
    public async Task<int> SampleInFlightAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var counts = await db.Workspaces.Where(w => w.Status == WorkspaceStatus.Provisioning && w.OwnerId != Pools.PoolMembers.Owner)
            .GroupBy(w => new { w.Blueprint, w.Region })
            .Select(g => new InFlightCount(g.Key.Blueprint, g.Key.Region, g.LongCount()))
            .ToListAsync(cancellationToken);
        metrics.SetInFlight(counts);
        metrics.SetPoolMembers(await db.Workspaces.Where(w => w.Pool != null && w.ClaimedAt == null
                && w.Status != WorkspaceStatus.Terminated && w.Status != WorkspaceStatus.Failed)
            .GroupBy(w => new { w.Pool, w.Status })
            .Select(g => new PoolMemberCount(g.Key.Pool!, g.Key.Status, g.LongCount()))
            .ToListAsync(cancellationToken));
        return counts.Count;
    }

    [LoggerMessage(EventId = 12003, Level = LogLevel.Debug,
        Message = "CloudWatch pass: {Requests} requests, {Records} records, {Dropped} dropped, {Failed} failed, {ElapsedMs} ms")]
    private static partial void LogPublished(ILogger logger, int requests, int records, long dropped, int failed, double elapsedMs);

    [LoggerMessage(EventId = 12004, Level = LogLevel.Error, Message = "Monitoring pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
