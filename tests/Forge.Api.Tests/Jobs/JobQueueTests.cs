using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Jobs;

/// <summary>The queue's guarantees on each provider, with the process's own workers paused.</summary>
public abstract class JobQueueTests : ForgeTestBase
{
    private ForgeApp StartPaused() => StartForge(new() { ["Jobs:Paused"] = "true" });

    private static async Task<T> InScopeAsync<T>(ForgeApp app, Func<JobQueue, ForgeDbContext, Task<T>> action)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await action(scope.ServiceProvider.GetRequiredService<JobQueue>(), scope.ServiceProvider.GetRequiredService<ForgeDbContext>());
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_one_job_to_two_workers()
    {
        var app = StartPaused();
        await InScopeAsync(app, async (queue, db) =>
        {
            for (var i = 0; i < 30; i++)
            {
                queue.Stage("test", Guid.NewGuid(), null);
            }

            return await db.SaveChangesAsync();
        });

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(worker => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (await InScopeAsync(app, (queue, _) => queue.ClaimAsync($"w{worker}", CancellationToken.None)) is { } job)
            {
                mine.Add(job.Id);
            }

            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(30, all.Count);
        Assert.Equal(30, all.Distinct().Count());
    }

    [Fact]
    public async Task The_reaper_gives_back_a_silent_job_and_its_old_worker_cannot_finish_it()
    {
        var app = StartPaused();
        var id = await InScopeAsync(app, async (queue, db) =>
        {
            var job = queue.Stage("test", Guid.NewGuid(), null);
            await db.SaveChangesAsync();
            return job.Id;
        });
        var claimed = await InScopeAsync(app, (queue, _) => queue.ClaimAsync("old", CancellationToken.None));
        Assert.Equal(id, claimed?.Id);

        Assert.Equal(0, await InScopeAsync(app, (queue, _) => queue.ReapAsync(CancellationToken.None)));
        Clock.Advance(JobDefaults.HeartbeatTimeout + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await InScopeAsync(app, (queue, _) => queue.ReapAsync(CancellationToken.None)));

        Assert.False(await InScopeAsync(app, (queue, _) => queue.FinishAsync(id, "old", JobOutcome.Done, CancellationToken.None)));
        var again = await InScopeAsync(app, (queue, _) => queue.ClaimAsync("new", CancellationToken.None));
        Assert.Equal(id, again?.Id);
        Assert.Equal(2, again!.Attempts);
        Assert.True(await InScopeAsync(app, (queue, _) => queue.FinishAsync(id, "new", JobOutcome.LookAgainAfter(TimeSpan.FromMinutes(1)), CancellationToken.None)));
        Assert.Null(await InScopeAsync(app, (queue, _) => queue.ClaimAsync("new", CancellationToken.None)));
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(id, (await InScopeAsync(app, (queue, _) => queue.ClaimAsync("new", CancellationToken.None)))?.Id);
    }

    [Fact]
    public async Task Stored_times_round_trip_exactly_at_microsecond_precision()
    {
        var app = StartPaused();
        Clock.Advance(TimeSpan.FromTicks(1_234_567)); // 123.4567 ms: below-microsecond ticks are cut
        var id = await InScopeAsync(app, async (queue, db) =>
        {
            var job = queue.Stage("test", Guid.NewGuid(), null);
            await db.SaveChangesAsync();
            return job.Id;
        });

        var stored = await InScopeAsync(app, (queue, _) => queue.ClaimAsync("w", CancellationToken.None));

        Assert.Equal(id, stored?.Id);
        Assert.Equal(StoredTime.Truncate(Clock.GetUtcNow()), stored!.CreatedAt);
        Assert.Equal(TimeSpan.Zero, stored.CreatedAt.Offset);
    }
}

public sealed class JobQueueTestsOnSqlite : JobQueueTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class JobQueueTestsOnPostgres : JobQueueTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
