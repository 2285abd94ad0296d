using Forge.Api.Workstation;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Forge.Api.Tests.Workspaces;

public abstract class WorkspaceReconcilerHostTests : ForgeTestBase
{
    [Fact]
    public async Task A_workspace_in_transition_without_a_job_gets_one_once_and_later_passes_change_nothing()
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var alice = await app.ClientForAsync("alice");
        var first = await alice.CreateWorkspaceAsync();
        var second = await alice.CreateWorkspaceAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // As if the process died between writing the intent and its job.
            await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs.Where(j => j.SubjectId == first.Id).ExecuteDeleteAsync();
        }

        var host = app.Services.GetServices<IHostedService>().OfType<WorkspaceReconcilerHost>().Single();
        var passes = new[] { await host.RunOnceAsync(CancellationToken.None), await host.RunOnceAsync(CancellationToken.None), await host.RunOnceAsync(CancellationToken.None) };

        Assert.Equal([2, 2, 2], passes.Select(p => p.Examined));
        Assert.Equal([1, 0, 0], passes.Select(p => p.Acted));
        Assert.All(passes, p => Assert.Equal(0, p.Failed));
        await using var check = app.Services.CreateAsyncScope();
        var jobs = await check.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs.AsNoTracking().ToListAsync();
        Assert.Equal(1, jobs.Count(j => j.SubjectId == first.Id && j.State == JobState.Queued));
        Assert.Equal(1, jobs.Count(j => j.SubjectId == second.Id && j.State == JobState.Queued));
    }

    [Fact]
    public async Task Running_the_reconciler_again_on_a_ready_workspace_changes_nothing()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, TimeSpan.FromSeconds(15));

        for (var pass = 0; pass < 3; pass++)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var reconciler = scope.ServiceProvider.GetServices<IJobHandler>().OfType<WorkspaceReconciler>().Single();
            var outcome = await reconciler.ExecuteAsync(new Job { Id = Guid.NewGuid(), Kind = WorkspaceReconciler.JobKind, SubjectId = id }, "test", CancellationToken.None);
            Assert.Equal(JobOutcomeKind.Done, outcome.Kind);
        }

        var after = await alice.GetWorkspaceAsync(id);
        Assert.Equal(ready.UpdatedAt, after.UpdatedAt);
        Assert.Equal(ready.Steps, after.Steps);
        Assert.Equal(1, Cloud.CreateCalls(id));
    }
}

public sealed class WorkspaceReconcilerHostTestsOnSqlite : WorkspaceReconcilerHostTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WorkspaceReconcilerHostTestsOnPostgres : WorkspaceReconcilerHostTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
