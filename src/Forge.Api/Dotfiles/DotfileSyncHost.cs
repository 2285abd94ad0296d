using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

/// <summary>What one periodic pass saw and did.</summary>
public sealed record DotfileSyncStats(int Examined, int Acted, int Failed, TimeSpan Elapsed);

/// <summary>
/// Every <see cref="DotfileOptions.SyncInterval"/>, gives each ready workspace with its user volume
/// mounted a <see cref="DotfileSyncJob"/> (unless one is open), so edits reach the volume even when a
/// workstation is never stopped. The job does the work; this host only stages, so a pass is quick.
/// </summary>
public sealed partial class DotfileSyncHost(
    IServiceScopeFactory scopes, JobSignal signal, TimeProvider timeProvider, IOptions<DotfileOptions> options, ILogger<DotfileSyncHost> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Platform.PeriodicPass.RunAsync(options.Value.SyncInterval, timeProvider, () => options.Value.PeriodicSyncPaused,
            async ct =>
            {
                var stats = await RunOnceAsync(ct);
                LogPass(logger, stats.Examined, stats.Acted, stats.Failed, stats.Elapsed.TotalMilliseconds);
            },
            e => LogPassFailed(logger, e),
            stoppingToken);

    public async Task<DotfileSyncStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var mounted = await db.UserVolumes.Where(v => v.MountedWorkspaceId != null).Select(v => v.MountedWorkspaceId!.Value).ToListAsync(cancellationToken);
        var ids = await db.Workspaces.Where(w => mounted.Contains(w.Id) && w.Status == WorkspaceStatus.Ready).Select(w => w.Id).ToListAsync(cancellationToken);
        int acted = 0, failed = 0;
        foreach (var id in ids)
        {
            try
            {
                if (!await jobs.HasOpenJobAsync(DotfileSyncJob.JobKind, id, cancellationToken))
                {
                    jobs.Stage(DotfileSyncJob.JobKind, id, correlationId: null);
                    await db.SaveChangesAsync(cancellationToken);
                    acted++;
                }
            }
            catch (DbUpdateException e)
            {
                db.ChangeTracker.Clear();
                LogPassFailed(logger, e);
                failed++;
            }
        }

        if (acted > 0)
        {
            signal.Notify();
        }

        return new DotfileSyncStats(ids.Count, acted, failed, timeProvider.GetElapsedTime(started));
    }

    [LoggerMessage(EventId = 5111, Level = LogLevel.Debug, Message = "Dotfile sync pass: {Examined} examined, {Acted} given a job, {Failed} failed, {ElapsedMs} ms")]
    private static partial void LogPass(ILogger logger, int examined, int acted, int failed, double elapsedMs);

    [LoggerMessage(EventId = 5112, Level = LogLevel.Error, Message = "Dotfile sync pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
