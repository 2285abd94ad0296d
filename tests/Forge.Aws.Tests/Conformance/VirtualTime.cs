using System.Runtime.CompilerServices;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Conformance;

/// <summary>
/// Runs a client operation while moving a <see cref="FakeTimeProvider"/> forward whenever the operation
/// can only be waiting for the clock: no HTTP request is in flight and none starts within a short real
/// settle window. Polly's backoff delays, breaker break durations and rate-limit refills then pass in
/// virtual time, while real HTTP round trips to the local cloud complete at their own pace (the clock
/// never moves under an answer being computed, so signing times and local cloud state stay coherent).
/// A consequence: an injected latency fault (a delay on the local cloud's clock while the request is in
/// flight) is not passed by this helper; such a test advances <c>Time</c> itself.
/// </summary>
public static class VirtualTime
{
    /// <summary>How far the clock moves per step. Retry delays start at 1 s, so a step overshoots little.</summary>
    public static readonly TimeSpan DefaultStep = TimeSpan.FromMilliseconds(500);

    /// <summary>Virtual time after which the operation is declared stuck.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromHours(2);

    /// <summary>
    /// Real time given to an operation to start its next request after the previous one finished. A
    /// continuation that has not run yet looks like waiting on the clock; this is the only real wait,
    /// and it ends early as soon as a request starts or the operation completes.
    /// </summary>
    public static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(15);

    private static readonly ConditionalWeakTable<FakeTimeProvider, ModelConformanceHandler> Handlers = [];

    /// <summary>Tells <see cref="RunAsync{T}(FakeTimeProvider, Func{Task{T}})"/> which handler's requests run on <paramref name="time"/>.</summary>
    public static void Register(FakeTimeProvider time, ModelConformanceHandler handler) => Handlers.AddOrUpdate(time, handler);

    public static void Unregister(FakeTimeProvider time) => Handlers.Remove(time);

    public static Task<T> RunAsync<T>(FakeTimeProvider time, Func<Task<T>> operation) =>
        RunAsync(time, operation, DefaultStep, DefaultLimit);

    public static Task RunAsync(FakeTimeProvider time, Func<Task> operation) =>
        RunAsync(time, async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }, DefaultStep, DefaultLimit);

    /// <summary>Runs <paramref name="operation"/>, advancing <paramref name="time"/> by <paramref name="step"/> while it waits on the clock.</summary>
    public static async Task<T> RunAsync<T>(FakeTimeProvider time, Func<Task<T>> operation, TimeSpan step, TimeSpan limit)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(operation);
        if (!Handlers.TryGetValue(time, out var requests))
        {
            throw new InvalidOperationException("No ModelConformanceHandler is registered for this clock: use LocalCloudTestHost or VirtualTime.Register.");
        }

        var task = operation();
        var advanced = TimeSpan.Zero;
        while (!task.IsCompleted)
        {
            // Take the change signal before looking at the count, so a request finishing in between is not missed.
            var change = requests.NextChangeAsync();
            if (requests.InFlight > 0)
            {
                await Task.WhenAny(task, change).ConfigureAwait(false);
                continue;
            }

            await Task.WhenAny(task, change, Task.Delay(Settle, TimeProvider.System)).ConfigureAwait(false);
            if (task.IsCompleted || change.IsCompleted || requests.InFlight > 0)
            {
                continue;
            }

            if (advanced >= limit)
            {
                throw new TimeoutException($"The operation was still waiting after {limit} of virtual time.");
            }

            time.Advance(step);
            advanced += step;
        }

        return await task.ConfigureAwait(false);
    }
}
