using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>
/// The tests' fake clock, which also knows when the Forge processes on it have caught up: after the
/// clock moves, <see cref="SettleAsync"/> waits (in real time, bounded) until no job that is due by
/// the new time is still waiting for a worker, and briefly for running ones to finish. Without it a
/// loaded machine lets the clock run ahead of the workers, and a test sees virtual minutes pass
/// between two passes that production would run seconds apart.
/// </summary>
public sealed class SettlingClock(DateTimeOffset start) : FakeTimeProvider(start)
{
    private static readonly TimeSpan FirstWait = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan DueJobsLimit = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RunningJobsLimit = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);

    private readonly Lock _gate = new();
    private readonly List<IServiceProvider> _processes = [];

    /// <summary>A Forge process whose jobs <see cref="SettleAsync"/> waits for; removed when it stops.</summary>
    public IDisposable Watch(IServiceProvider services)
    {
        lock (_gate)
        {
            _processes.Add(services);
        }

        return new Unwatch(this, services);
    }

    /// <summary>Gives the workers real time to do what the clock's current time makes due.</summary>
    public async Task SettleAsync()
    {
        var started = TimeProvider.System.GetTimestamp();
        await Task.Delay(FirstWait, TimeProvider.System);
        while (TimeProvider.System.GetElapsedTime(started) < DueJobsLimit && await CountAsync(dueOnly: true) > 0)
        {
            await Task.Delay(Poll, TimeProvider.System);
        }

        var running = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(running) < RunningJobsLimit && await CountAsync(dueOnly: false) > 0)
        {
            await Task.Delay(Poll, TimeProvider.System);
        }
    }

    private async Task<int> CountAsync(bool dueOnly)
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
                var jobs = scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs;
                var now = GetUtcNow();
                return dueOnly
                    ? await jobs.CountAsync(j => j.State == JobState.Queued && j.RunAfter <= now)
                    : await jobs.CountAsync(j => j.State == JobState.Running);
            }
            catch (ObjectDisposedException)
            {
                // Stopped meanwhile (a test killing a replica): ask the next one.
            }
        }

        return 0;
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
