namespace Forge.Api.Platform;

/// <summary>
/// A background service that runs one pass every <see cref="Interval"/> (skipped while <see cref="Paused"/>)
/// through <see cref="PeriodicPass"/>, logging what each pass saw and did. Tests call <see cref="RunOnceAsync"/> directly.
/// </summary>
public abstract class PeriodicPassHost(TimeProvider timeProvider) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    protected abstract bool Paused { get; }

    public abstract Task<PassStats> RunOnceAsync(CancellationToken cancellationToken);

    protected abstract void LogPass(PassStats stats);

    protected abstract void LogPassFailed(Exception exception);

    protected TimeProvider TimeProvider => timeProvider;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicPass.RunAsync(Interval, timeProvider, () => Paused, async ct => LogPass(await RunOnceAsync(ct)), LogPassFailed, stoppingToken);
}
