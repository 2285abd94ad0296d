using Forge.Api.Jobs;
using Forge.Api.Platform;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Jobs;

/// <summary>
/// A periodic pass reports to its clock's <see cref="JobQuiescence"/>: busy from the tick (inside the
/// clock's Advance, so before the test can read) until the pass ends; a paused host's tick is no work.
/// </summary>
public sealed class PeriodicPassQuiescenceTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pass_the_clock_makes_due_is_busy_from_the_tick_until_it_ends()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var quiescence = JobQuiescence.Of(clock);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var passes = 0;
        using var stop = new CancellationTokenSource();
        var host = PeriodicPass.RunAsync(Interval, clock, () => false, async ct =>
        {
            Interlocked.Increment(ref passes);
            await gate.Task.WaitAsync(ct);
        }, _ => { }, stop.Token);

        clock.Advance(Interval - TimeSpan.FromSeconds(1));
        Assert.True(quiescence.IsQuiet(clock.GetUtcNow()));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.False(quiescence.IsQuiet(clock.GetUtcNow()));
        Assert.Contains(quiescence.Describe(clock.GetUtcNow()), d => d.Contains(nameof(PeriodicPassQuiescenceTests), StringComparison.Ordinal));

        gate.SetResult();
        using var guard = new CancellationTokenSource(Guard);
        await quiescence.WaitForQuiescenceAsync(clock.GetUtcNow(), guard.Token);
        Assert.Equal(1, Volatile.Read(ref passes));

        await stop.CancelAsync();
        await host;
    }

    [Fact]
    public async Task A_paused_hosts_tick_does_not_hold_quiescence()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
        var passes = 0;
        using var stop = new CancellationTokenSource();
        var host = PeriodicPass.RunAsync(Interval, clock, () => true, _ =>
        {
            Interlocked.Increment(ref passes);
            return Task.CompletedTask;
        }, _ => { }, stop.Token);

        clock.Advance(Interval * 3);

        Assert.True(JobQuiescence.Of(clock).IsQuiet(clock.GetUtcNow()));
        await stop.CancelAsync();
        await host;
        Assert.Equal(0, passes);
    }
}
