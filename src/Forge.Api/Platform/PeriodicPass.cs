namespace Forge.Api.Platform;

/// <summary>
/// The loop every periodic host shares: a pass each <c>interval</c> on the given clock, skipped while
/// paused; a failed pass is reported and the next one runs anyway; stopping ends the loop quietly.
/// The hosts keep their own <c>RunOnceAsync</c>, which tests call directly.
/// </summary>
public static class PeriodicPass
{
    public static async Task RunAsync(TimeSpan interval, TimeProvider timeProvider, Func<bool> paused,
        Func<CancellationToken, Task> pass, Action<Exception> passFailed, CancellationToken stoppingToken)
    {
        ArgumentNullException.ThrowIfNull(paused);
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(passFailed);
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (paused())
                {
                    continue;
                }

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
}
