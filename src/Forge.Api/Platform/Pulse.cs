namespace Forge.Api.Platform;

/// <summary>
/// An in-process wake-up: waiters get the current pulse before looking for work, so a pulse sent
/// between looking and waiting is not lost. A slow backup poll covers other processes.
/// </summary>
public class Pulse
{
    private TaskCompletionSource _current = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Current => Volatile.Read(ref _current).Task;

    public void Notify() =>
        Interlocked.Exchange(ref _current, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits for <paramref name="pulse"/> or for <paramref name="timeout"/> on the given clock, whichever is first.</summary>
    public static async Task WaitAsync(Task pulse, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pulse);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, timeProvider, cts.Token);
        await Task.WhenAny(pulse, delay).ConfigureAwait(false);
        await cts.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
    }
}
