namespace Forge.Api.Platform;

/// <summary>
/// A background service that runs one pass every <c>interval</c> (skipped while <c>paused</c>) through
/// <see cref="PeriodicPass"/>, and logs what each pass saw and did in one shape for every pass, named by
/// <c>passName</c>. Tests call <see cref="RunOnceAsync"/> directly.
/// </summary>
public abstract partial class PeriodicPassHost(string passName, Func<TimeSpan> interval, Func<bool> paused, TimeProvider timeProvider, ILogger logger)
    : BackgroundService
{
    public abstract Task<PassStats> RunOnceAsync(CancellationToken cancellationToken);

    protected TimeProvider TimeProvider => timeProvider;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(interval(), timeProvider, paused,
            async ct =>
            {
                var stats = await RunOnceAsync(ct);
                LogPass(logger, passName, stats.Examined, stats.Acted, stats.Failed, stats.Elapsed.TotalMilliseconds);
            },
            e => LogPassFailed(logger, e, passName),
            stoppingToken);

    [LoggerMessage(EventId = 1501, Level = LogLevel.Debug, Message = "{Pass} pass: {Examined} examined, {Acted} acted on, {Failed} failed, {ElapsedMs} ms")]
    private static partial void LogPass(ILogger logger, string pass, int examined, int acted, int failed, double elapsedMs);

    [LoggerMessage(EventId = 1502, Level = LogLevel.Error, Message = "{Pass} pass failed; the next one runs as planned")]
    private static partial void LogPassFailed(ILogger logger, Exception exception, string pass);
}
