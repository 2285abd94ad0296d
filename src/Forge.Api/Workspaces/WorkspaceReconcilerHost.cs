using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workspaces;

/// <summary>What one sweep saw and did.</summary>
public sealed record SweepStats(int Examined, int Acted, int Failed, TimeSpan Elapsed);

/// <summary>
/// The level-based backstop: every <see cref="WorkspaceOptions.SweepInterval"/>, each workspace in
/// transition without an open job gets one. Intent written without its job (a crash between the
/// two, an operator's edit) is picked up here.
/// </summary>
public sealed partial class WorkspaceReconcilerHost(
    IServiceScopeFactory scopes, JobSignal signal, TimeProvider timeProvider, IOptions<WorkspaceOptions> options, ILogger<WorkspaceReconcilerHost> logger)
    : BackgroundService
{
    private static readonly string[] Transitional =
        [WorkspaceStatus.Provisioning, WorkspaceStatus.Stopping, WorkspaceStatus.Starting, WorkspaceStatus.Rebooting, WorkspaceStatus.Terminating];

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Platform.PeriodicPass.RunAsync(options.Value.SweepInterval, timeProvider, () => options.Value.SweepPaused,
            async ct =>
            {
                var stats = await RunOnceAsync(ct);
                LogSwept(logger, stats.Examined, stats.Acted, stats.Failed, stats.Elapsed.TotalMilliseconds);
            },
            e => LogSweepFailed(logger, e),
            stoppingToken);

    public async Task<SweepStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var jobs = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var ids = await db.Workspaces.Where(w => Transitional.Contains(w.Status)).Select(w => w.Id).ToListAsync(cancellationToken);
        int acted = 0, failed = 0;
        foreach (var id in ids)
        {
            try
            {
                if (!await jobs.HasOpenJobAsync(WorkspaceReconciler.JobKind, id, cancellationToken))
                {
                    jobs.Stage(WorkspaceReconciler.JobKind, id, correlationId: null);
                    await db.SaveChangesAsync(cancellationToken);
                    acted++;
                }
            }
            catch (DbUpdateException e)
            {
                // One workspace's failure never stops the pass.
                db.ChangeTracker.Clear();
                LogSweepFailed(logger, e);
                failed++;
            }
        }

        if (acted > 0)
        {
            signal.Notify();
        }

        return new SweepStats(ids.Count, acted, failed, timeProvider.GetElapsedTime(started));
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Workspace sweep: {Examined} examined, {Acted} given a job, {Failed} failed, {ElapsedMs} ms")]
    private static partial void LogSwept(ILogger logger, int examined, int acted, int failed, double elapsedMs);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Workspace sweep failed")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
