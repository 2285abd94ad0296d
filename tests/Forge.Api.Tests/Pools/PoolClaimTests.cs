using System.Net;
using System.Net.Http.Json;
using Forge.Api.Auth;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Pools;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// The claim's guarantees: a member is never handed to two requests, however many race for it from however many
/// processes, and a process that dies around a claim leaves the member either still in the pool or fully its
/// owner's, its customisation resumed by whoever runs next.
/// </summary>
public abstract class PoolClaimTests : ForgeTestBase
{
    private const int Members = 20;
    private const int Requests = 200;

    [Fact]
    public async Task Two_hundred_requests_racing_for_twenty_members_make_twenty_claims_and_180_builds_and_no_member_is_taken_twice()
    {
        await FillPoolAsync(Members);
        var pooled = await PooledMembersAsync();
        // The racers do not run jobs: what is asserted is what the claims wrote, not the builds that follow.
        var racing = WithJobsPaused(WarmPoolTests.Pooled(Members, Members));
        var processes = Provider == DatabaseProvider.Postgres ? new[] { StartForge(racing), StartForge(racing) } : [StartForge(racing)];
        var clients = await Task.WhenAll(Enumerable.Range(0, Requests).Select(i => processes[i % processes.Length].ClientForAsync($"dev{i:000}")));

        var answers = await Task.WhenAll(clients.Select(c => c.CreateWorkspaceAsync(WarmPoolTests.Request)));

        var hits = answers.Where(a => a.ProvisioningPath != ProvisioningPaths.OnDemand).ToList();
        Assert.Equal(Members, hits.Count);
        Assert.Equal(Requests - Members, answers.Count(a => a.ProvisioningPath == ProvisioningPaths.OnDemand));
        Assert.Equal(pooled.Order(), hits.Select(h => h.Id).Order());
        Assert.Equal(Members, hits.Select(h => h.Owner).Distinct().Count());
        await using var scope = processes[0].Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var claimed = await db.Workspaces.Where(w => w.Pool == WarmPoolTests.Pool && w.ClaimedAt != null).ToListAsync();
        Assert.Equal(pooled.Order(), claimed.Select(w => w.Id).Order());
        Assert.All(claimed, w => Assert.Equal(hits.Single(h => h.Id == w.Id).Owner, w.OwnerId));
        var recorded = await db.PoolClaims.ToListAsync();
        Assert.Equal(Requests, recorded.Count);
        Assert.Equal(pooled.Order(), recorded.Where(c => c.Path != ProvisioningPaths.OnDemand).Select(c => c.WorkspaceId).Order());
        Assert.Equal(Requests, recorded.Select(c => c.WorkspaceId).Distinct().Count());
    }

    [Fact]
    public async Task A_process_killed_between_the_claim_and_the_customisation_leaves_the_member_the_owners_and_the_next_process_finishes_it()
    {
        await FillPoolAsync(1);
        var member = Assert.Single(await PooledMembersAsync());
        var claimer = StartForge(WithJobsPaused(WarmPoolTests.Pooled(1, 1)));
        var ada = await claimer.ClientForAsync("ada");

        var claimed = await ada.CreateWorkspaceAsync(WarmPoolTests.Request);
        await KillAsync(claimer); // before any of its customisation ran

        Assert.Equal(member, claimed.Id);
        var next = StartForge(WarmPoolTests.Pooled(1, 1));
        ada = await next.ClientForAsync("ada");
        var ready = await Eventually.UntilAsync(Clock, () => ada.GetWorkspaceAsync(member), w => w.Status != WorkspaceStatus.Provisioning, TimeSpan.FromSeconds(15));
        Assert.Equal((WorkspaceStatus.Ready, "ada"), (ready.Status, ready.Owner));
        Assert.Contains(ready.Steps, s => s.Name == Forge.Api.Workstation.StepNames.BindIdentity && s.Status == StepStatus.Succeeded);
        var admin = await next.ClientForAsync("root", roles: [Roles.Admin]);
        Assert.DoesNotContain(member, (await WarmPoolTests.PoolAsync(admin)).Members.Members.Select(m => m.Id));
        Assert.Equal([member], (await ada.ListWorkspacesAsync()).Select(w => w.Id));
    }

    [Fact]
    public async Task A_claim_whose_transaction_dies_before_it_commits_leaves_the_member_in_the_pool_as_it_was()
    {
        await FillPoolAsync(1);
        var member = Assert.Single(await PooledMembersAsync());
        var dying = StartForge(WithJobsPaused(WarmPoolTests.Pooled(1, 1)), s =>
        {
            s.ConfigureDbContext<SqliteForgeDbContext>(o => o.AddInterceptors(new DieBeforeClaimCommits()));
            s.ConfigureDbContext<PostgresForgeDbContext>(o => o.AddInterceptors(new DieBeforeClaimCommits()));
        });
        var ada = await dying.ClientForAsync("ada");

        var refused = await ada.PostAsJsonAsync("/api/v1/workspaces", WarmPoolTests.Request);

        Assert.Equal(HttpStatusCode.InternalServerError, refused.StatusCode);
        await KillAsync(dying);
        await using (var scope = StartForge(WithJobsPaused(WarmPoolTests.Pooled(1, 1))).Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            var row = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == member);
            Assert.Equal((PoolMembers.Owner, (DateTimeOffset?)null, WorkspaceStatus.Stopped), (row.OwnerId, row.ClaimedAt, row.Status));
            Assert.False(await db.Workspaces.AnyAsync(w => w.OwnerId == "ada"));
            Assert.False(await db.PoolClaims.AnyAsync());
        }

        var next = StartForge(WarmPoolTests.Pooled(1, 1));
        Assert.Equal(member, (await (await next.ClientForAsync("ada")).CreateWorkspaceAsync(WarmPoolTests.Request)).Id);
    }

    /// <summary>Builds the pool to <paramref name="members"/> stopped members with a process that is then stopped.</summary>
    private async Task FillPoolAsync(int members)
    {
        var builder = StartForge(WarmPoolTests.Pooled(members, members));
        var admin = await builder.ClientForAsync("root", roles: [Roles.Admin]);
        await Eventually.UntilAsync(Clock, () => WarmPoolTests.PoolAsync(admin), p => p.Members.Stopped == members, TimeSpan.FromSeconds(30));
        await KillAsync(builder);
    }

    private async Task<List<Guid>> PooledMembersAsync()
    {
        await using var scope = StartForge(WithJobsPaused(WarmPoolTests.Pooled(0, 0))).Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        return await db.Workspaces.Where(w => w.Pool == WarmPoolTests.Pool && w.ClaimedAt == null && w.PooledAt != null
            && w.Status != WorkspaceStatus.Terminated).Select(w => w.Id).ToListAsync();
    }

    private static Dictionary<string, string?> WithJobsPaused(Dictionary<string, string?> settings)
    {
        settings["Jobs:Paused"] = "true";
        return settings;
    }

    /// <summary>The process dies in the claim's transaction, after the member was taken and before anything committed.</summary>
    private sealed class DieBeforeClaimCommits : SaveChangesInterceptor
    {
        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default) =>
            eventData.Context!.ChangeTracker.Entries<PoolClaim>().Any(e => e.State == EntityState.Added)
                ? throw new InvalidOperationException("The process died before the claim committed.")
                : base.SavingChangesAsync(eventData, result, cancellationToken);
    }
}

public sealed class PoolClaimTestsOnSqlite : PoolClaimTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class PoolClaimTestsOnPostgres : PoolClaimTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
