using Forge.Api.Jobs;

namespace Forge.Api.Platform;

/// <summary>
/// The loop every periodic host shares: a pass each <c>interval</c> on the given clock, skipped while
/// paused; a failed pass is reported and the next one runs anyway; stopping ends the loop quietly.
/// Ticks that come while a pass runs make one more pass, as with <see cref="PeriodicTimer"/>.
/// The hosts keep their own <c>RunOnceAsync</c>, which tests call directly.
/// </summary>
/// <remarks>
/// A tick is reported to the clock's <see cref="JobQuiescence"/> as busy work from the moment the
/// clock reaches it (inside the timer's callback, before a fake clock's Advance returns) until the
/// pass it triggers ends, so a test never reads before the pass its clock move made due.
/// </remarks>
public static class PeriodicPass
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider timeProvider, Func<bool> paused,
        Func<CancellationToken, Task> pass, Action<Exception> passFailed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(paused);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(passFailed);
        var name = pass.Method.DeclaringType is { } type ? (type.DeclaringType ?? type).Name : "periodic pass";
        using var ticks = new Ticks(JobQuiescence.Of(timeProvider), $"a pass of {name}", paused);
        using var timer = timeProvider.CreateTimer(_ => ticks.Tick(), null, interval, interval);
        try
        {
            while (true)
            {
                using var work = await ticks.NextAsync(stoppingToken);
                work.MakeCurrent();
                try
                {
                    await pass(stoppingToken);
                }
#pragma warning disable CA1031 // One failed pass must not end the host: it is reported and the next pass runs.
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
                {
                    passFailed(e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Ticks not yet passed: at most one waits, as busy work from the tick on.</summary>
    private sealed class Ticks(JobQuiescence quiescence, string description, Func<bool> paused) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly SemaphoreSlim _due = new(0, 1);
        private JobQuiescence.Work? _waiting;
        private bool _disposed;

        /// <summary>The timer's callback: a paused host's tick is no work at all.</summary>
        public void Tick()
        {
            if (paused())
            {
                return;
            }

            lock (_gate)
            {
                if (_waiting is not null || _disposed)
                {
                    return; // One waiting pass covers every tick until it starts.
                }

                _waiting = quiescence.BeginWork(description);
                _due.Release();
            }
        }

        public async Task<JobQuiescence.Work> NextAsync(CancellationToken cancellationToken)
        {
            await _due.WaitAsync(cancellationToken).ConfigureAwait(false);
            lock (_gate)
            {
                var work = _waiting!;
                _waiting = null;
                return work;
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _disposed = true;
                _waiting?.Dispose();
                _waiting = null;
            }

            _due.Dispose();
        }
    }
}
