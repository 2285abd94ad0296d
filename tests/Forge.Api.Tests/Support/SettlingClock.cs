using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>
/// The tests' fake clock, which also knows when the Forge processes on it have caught up:
/// <see cref="SettleAsync"/> completes when the clock's <see cref="JobQuiescence"/> says so (every
/// job worker has looked for due jobs at the current time and found none, and every run or periodic
/// pass still going waits on this clock). A run's delay on this clock marks it as waiting, so a job
/// polling a command does not hold the test up. Without it a loaded machine lets the clock run ahead
/// of the workers, and a test sees virtual minutes pass between two passes production runs seconds apart.
/// </summary>
public sealed class SettlingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    /// <summary>Only a guard against a stuck system: reaching it fails the test, naming what is still busy.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly Lock _gate = new();
    private readonly List<IServiceProvider> _processes = [];

    /// <summary>A Forge process whose jobs a stuck <see cref="SettleAsync"/> names; removed when it stops.</summary>
    public IDisposable Watch(IServiceProvider services)
    {
        lock (_gate)
        {
            _processes.Add(services);
        }

        return new Unwatch(this, services);
    }

    /// <summary>Waits until the workers have done what the clock's current time makes due.</summary>
    public async Task SettleAsync()
    {
        var now = GetUtcNow();
        using var guard = new CancellationTokenSource(Guard, TimeProvider.System);
        try
        {
            await JobQuiescence.Of(this).WaitForQuiescenceAsync(now, guard.Token);
        }
        catch (OperationCanceledException) when (guard.IsCancellationRequested)
        {
            var busy = JobQuiescence.Of(this).Describe(now);
            throw new TimeoutException($"The Forge processes were not quiet at {now:O} after {Guard.TotalSeconds} s of real time: "
                + string.Join("; ", [.. busy, .. await OpenJobsAsync(now)]));
        }
    }

    /// <summary>
    /// A delay that a job run or periodic pass awaits marks it as waiting on this clock until the
    /// delay fires (inside <see cref="FakeTimeProvider.Advance"/>) or is cancelled. Timeouts
    /// (a token source's timer) and repeating timers (heartbeats) run beside the work, not instead of it.
    /// </summary>
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var work = JobQuiescence.CurrentWork;
        if (work is null || period != Timeout.InfiniteTimeSpan || dueTime == Timeout.InfiniteTimeSpan || state is CancellationTokenSource)
        {
            return base.CreateTimer(callback, state, dueTime, period);
        }

        var wait = work.BeginWait();
        var timer = base.CreateTimer(s =>
        {
            wait.Dispose();
            callback(s);
        }, state, dueTime, period);
        return new WaitTimer(timer, wait);
    }

    private async Task<string[]> OpenJobsAsync(DateTimeOffset now)
    {
        IServiceProvider[] processes;
        lock (_gate)
        {
            processes = [.. _processes];
        }

        // Replicas share one database: asking the first live process is enough.
        foreach (var services in processes)
        {
            try
            {
                await using var scope = services.CreateAsyncScope();
                var jobs = await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs.AsNoTracking()
                    .Where(j => j.State == JobState.Running || (j.State == JobState.Queued && j.RunAfter <= now)).ToListAsync();
                return [.. jobs.Select(j => $"job {j.Id} ({j.Kind}) is {j.State} (claimed by {j.ClaimedBy ?? "nobody"})")];
            }
            catch (ObjectDisposedException)
            {
                // Stopped meanwhile (a test killing a replica): ask the next one.
            }
        }

        return [];
    }

    private sealed class WaitTimer(ITimer timer, IDisposable wait) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            wait.Dispose();
            timer.Dispose();
        }

        public async ValueTask DisposeAsync()
        {
            wait.Dispose();
            await timer.DisposeAsync();
        }
    }

    private sealed class Unwatch(SettlingClock clock, IServiceProvider services) : IDisposable
    {
        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._processes.Remove(services);
            }
        }
    }
}
