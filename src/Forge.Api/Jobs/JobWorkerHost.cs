using Microsoft.Extensions.Options;

namespace Forge.Api.Jobs;

/// <summary>
/// Runs jobs in this process: <see cref="JobOptions.Workers"/> loops that claim, run and finish
/// jobs, waking on <see cref="JobSignal"/> or the backup poll, and one reaper loop. A stopping
/// process does not finish the job it holds: like a crash, the reaper gives it back, so both
/// paths are the same and both are tested. Every loop reports to <see cref="JobQuiescence"/>, so tests
/// on a fake clock know when the work the clock made due is done.
/// </summary>
public sealed partial class JobWorkerHost(
    IServiceScopeFactory scopes, JobSignal signal, JobQuiescence quiescence, Monitoring.ForgeMetrics metrics, TimeProvider timeProvider,
    IOptions<JobOptions> options, ILogger<JobWorkerHost> logger)
    : BackgroundService
{
    /// <summary>This process's worker identity: distinct per process, so claims say who holds them.</summary>
    public string InstanceId { get; } = $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    private List<JobQuiescence.WorkerLoop> _workers = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Reported before the host has started, so a test that starts this process and settles waits for its workers.
        if (!options.Value.Paused)
        {
            _workers = [.. Enumerable.Range(0, options.Value.Workers).Select(i => quiescence.AddWorker($"{InstanceId}/{i}", signal))];
        }

        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Paused)
        {
            LogPaused(logger);
            return;
        }

        var workers = _workers;
        var loops = workers.Select(loop => Task.Run(() => WorkLoopAsync(loop, stoppingToken), stoppingToken))
            .Append(ReapLoopAsync(stoppingToken));
        try
        {
            await Task.WhenAll(loops);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: held jobs stay claimed until the reaper gives them back.
        }
        finally
        {
            // Also the loops whose task never started: a stopped process is no longer waited for.
            workers.ForEach(loop => loop.Dispose());
        }
    }

    private async Task WorkLoopAsync(JobQuiescence.WorkerLoop loop, CancellationToken stoppingToken)
    {
        var workerId = loop.WorkerId;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wake = signal.Current;
            var triedAt = timeProvider.GetUtcNow();
            var worked = false;
            using (loop.BeginAttempt())
            {
                try
                {
                    worked = await RunOnceAsync(workerId, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    LogLoopFailed(logger, e, workerId);
                }
            }

            if (!worked)
            {
                // Quiet only after a look that found nothing; after a run the loop looks again at once.
                loop.Idle(wake, triedAt);
                await Platform.Pulse.WaitAsync(wake, options.Value.PollInterval, timeProvider, stoppingToken);
            }
        }
    }

    /// <summary>
    /// Most passes one claim runs in a row before the job goes back to the queue: a job whose passes keep asking
    /// for another at once (a claim's steps, one after another) must not hold a worker from the others for long.
    /// </summary>
    public const int MaxPassesPerClaim = 16;

    /// <summary>
    /// Claims one job and runs it; false when there was none. A pass that asks to be looked at again at once
    /// (the next step is due now) is followed by another under the same claim, up to <see cref="MaxPassesPerClaim"/>,
    /// instead of going to the back of the queue behind every other due job: a claim's customisation is a chain of
    /// such passes, and queueing between them made a burst of claims wait seconds per step behind a pool's builds.
    /// Each pass runs in its own scope, as a run from the queue would: a fresh handler and database context, which
    /// re-read the subject, so a pass acts on nothing an earlier one held.
    /// </summary>
    public async Task<bool> RunOnceAsync(string workerId, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var queue = scope.ServiceProvider.GetRequiredService<JobQueue>();
        var job = await queue.ClaimAsync(workerId, stoppingToken);
        if (job is null)
        {
            return false;
        }

        JobQuiescence.CurrentWork?.Describe($"job {job.Id} ({job.Kind}) on worker {workerId}");
        using var logScope = logger.BeginScope(new Dictionary<string, object?>
        {
            ["JobId"] = job.Id, ["JobKind"] = job.Kind, ["SubjectId"] = job.SubjectId, ["CorrelationId"] = job.CorrelationId,
        });
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var beating = HeartbeatLoopAsync(job.Id, workerId, heartbeat.Token);
        JobOutcome outcome;
        try
        {
            var passes = 0;
            do
            {
                outcome = await RunPassAsync(job, workerId, stoppingToken);
            }
            while (outcome is { Kind: JobOutcomeKind.LookAgain, Delay.Ticks: 0 } && ++passes < MaxPassesPerClaim
                // Still this worker's: a pass that outlived the heartbeat timeout has been given to another worker.
                && await queue.HeartbeatAsync(job.Id, workerId, stoppingToken));
        }
        finally
        {
            await heartbeat.CancelAsync();
            await beating;
        }

        if (!await queue.FinishAsync(job.Id, workerId, outcome, stoppingToken))
        {
            LogLostClaim(logger, job.Id, workerId);
        }
        else if (outcome.Kind == JobOutcomeKind.LookAgain && outcome.Delay > TimeSpan.Zero && outcome.Delay < options.Value.PollInterval)
        {
            // Due sooner than the idle poll would look (a command looked at every few seconds): wake this process's
            // workers then. The wait belongs to no run (the flow is not passed on), so nothing waits for it.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await Task.Delay(outcome.Delay, timeProvider, stoppingToken);
                        signal.Notify();
                    }
                    catch (OperationCanceledException)
                    {
                        // Stopping: nothing to wake.
                    }
                }, CancellationToken.None);
            }
        }

        return true;
    }

    /// <summary>One pass of the job's handler, in its own scope; a pass that throws asks for a retry.</summary>
    private async Task<JobOutcome> RunPassAsync(Job job, string workerId, CancellationToken stoppingToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var handler = scope.ServiceProvider.GetServices<IJobHandler>().FirstOrDefault(h => h.Kind == job.Kind);
        var started = timeProvider.GetTimestamp();
        JobOutcome outcome;
        try
        {
            outcome = handler is null
                ? JobOutcome.Fail($"No handler for job kind '{job.Kind}'.")
                : await handler.ExecuteAsync(job, workerId, stoppingToken);
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            LogRunFailed(logger, e, job.Id);
            outcome = JobOutcome.Retry(e.Message);
        }

        metrics.JobRan(job.Kind, outcome.Kind.ToString(), timeProvider.GetElapsedTime(started));
        return outcome;
    }

    private async Task HeartbeatLoopAsync(Guid jobId, string workerId, CancellationToken cancellationToken)
    {
        try
        {
            using var timer = new PeriodicTimer(options.Value.HeartbeatInterval, timeProvider);
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<JobQueue>().HeartbeatAsync(jobId, workerId, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The run ended.
        }
        catch (Exception e)
        {
            LogHeartbeatFailed(logger, e, jobId);
        }
    }

    private Task ReapLoopAsync(CancellationToken stoppingToken) =>
        Platform.PeriodicPass.RunAsync(options.Value.ReapInterval, timeProvider, () => false,
            async ct =>
            {
                await using var scope = scopes.CreateAsyncScope();
                var reaped = await scope.ServiceProvider.GetRequiredService<JobQueue>().ReapAsync(ct);
                if (reaped > 0)
                {
                    LogReaped(logger, reaped);
                    signal.Notify();
                }
            },
            e => LogLoopFailed(logger, e, "reaper"),
            stoppingToken);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Job runs are paused in this process")]
    private static partial void LogPaused(ILogger logger);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "Job loop {Worker} failed; it goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception, string worker);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Job {JobId} failed; it will be retried")]
    private static partial void LogRunFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Warning, Message = "Job {JobId} was given away while {Worker} ran it; its outcome was dropped")]
    private static partial void LogLostClaim(ILogger logger, Guid jobId, string worker);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Heartbeat of job {JobId} failed")]
    private static partial void LogHeartbeatFailed(ILogger logger, Exception exception, Guid jobId);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Warning, Message = "Reaper gave back {Count} jobs whose workers stopped heartbeating")]
    private static partial void LogReaped(ILogger logger, int count);
}
