using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using Forge.Api.Persistence;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// The per-user quota of live workstations (<c>Workspaces:MaxLiveWorkspacesPerUser</c>, default 3),
/// over HTTP. Workers are paused: the quota is decided when the request is taken, not by provisioning.
/// </summary>
public abstract class WorkspaceQuotaTests : ForgeTestBase
{
    private static readonly Dictionary<string, string?> Paused = new() { ["Jobs:Paused"] = "true" };

    [Fact]
    public async Task A_fourth_live_workspace_is_a_409_naming_the_quota_and_the_count_and_admins_have_no_quota()
    {
        var app = StartForge(Paused);
        var alice = await app.ClientForAsync("alice");
        var admin = await app.ClientForAsync("ada", roles: [Roles.Admin]);
        var first = await alice.CreateWorkspaceAsync();
        await alice.CreateWorkspaceAsync();
        await alice.CreateWorkspaceAsync();

        var refused = await alice.PostAsJsonAsync("/api/v1/workspaces", new { blueprint = "backend", operatingSystem = "linux" });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.ProblemAsync();
        Assert.Equal("urn:forge:problem:live-workspace-quota", problem.GetProperty("type").GetString());
        Assert.Equal("Live workspace quota reached.", problem.GetProperty("title").GetString());
        Assert.Equal(
            "You have 3 live workspaces and the quota (Workspaces:MaxLiveWorkspacesPerUser) is 3; terminate one before asking for another.",
            problem.GetProperty("detail").GetString());
        Assert.Equal((3, 3), (problem.GetProperty("quota").GetInt32(), problem.GetProperty("liveWorkspaces").GetInt32()));
        Assert.Equal(3, (await alice.ListWorkspacesAsync()).Count);

        // A workspace being terminated no longer counts; an admin is never refused.
        Assert.Equal(HttpStatusCode.Accepted, (await alice.DeleteAsync($"/api/v1/workspaces/{first.Id}")).StatusCode);
        await alice.CreateWorkspaceAsync();
        for (var i = 0; i < 4; i++)
        {
            await admin.CreateWorkspaceAsync();
        }
    }

    [Fact]
    public async Task The_quota_is_configurable_and_an_idempotent_retry_at_the_quota_is_still_answered_with_its_workspace()
    {
        var app = StartForge(new(Paused) { ["Workspaces:MaxLiveWorkspacesPerUser"] = "1" });
        var bob = await app.ClientForAsync("bob");

        var first = await bob.CreateWorkspaceAsync(idempotencyKey: "once");
        var retried = await bob.CreateWorkspaceAsync(idempotencyKey: "once");
        var second = await bob.PostAsJsonAsync("/api/v1/workspaces", new { blueprint = "backend", operatingSystem = "linux" });

        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(1, (await second.ProblemAsync()).GetProperty("quota").GetInt32());
    }

    [Fact]
    public async Task Two_creates_racing_at_one_below_the_quota_on_two_replicas_let_exactly_one_through()
    {
        var barrier = new CountBarrier(racers: 2);
        void Gate(IServiceCollection services)
        {
            services.ConfigureDbContext<SqliteForgeDbContext>(o => o.AddInterceptors(barrier));
            services.ConfigureDbContext<PostgresForgeDbContext>(o => o.AddInterceptors(barrier));
        }

        var replicas = new[] { StartForge(Paused, Gate), StartForge(Paused, Gate) };
        var alice = await Task.WhenAll(replicas.Select(r => r.ClientForAsync("alice")));
        await alice[0].CreateWorkspaceAsync();
        await alice[1].CreateWorkspaceAsync();

        barrier.Armed = true;
        var racing = await Task.WhenAll(alice.Select(client =>
            client.PostAsJsonAsync("/api/v1/workspaces", new { blueprint = "backend", operatingSystem = "linux" })));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], racing.Select(r => r.StatusCode).Order());
        Assert.Equal(3, (await alice[0].ListWorkspacesAsync()).Count);
    }

    [Fact]
    public async Task Retries_of_one_request_racing_at_one_below_the_quota_all_get_its_workspace_and_none_a_409()
    {
        var replicas = new[] { StartForge(Paused), StartForge(Paused) };
        var alice = await Task.WhenAll(replicas.Select(r => r.ClientForAsync("alice")));
        await alice[0].CreateWorkspaceAsync();
        await alice[1].CreateWorkspaceAsync();

        var retries = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => alice[i % 2].CreateWorkspaceAsync(idempotencyKey: "the-third")));

        Assert.Single(retries.Select(w => w.Id).Distinct());
        Assert.Equal(3, (await alice[0].ListWorkspacesAsync()).Count);
    }
}

/// <summary>
/// Makes the race deterministic: a request that has counted the user's live workspaces waits until the
/// other racer has counted too, so without a per-user lock both see one below the quota. With the lock
/// the other cannot count until the first has committed: the wait ends at its bound (liveness only;
/// nothing is asserted about time) and the other then counts the new workspace.
/// </summary>
internal sealed class CountBarrier(int racers) : DbCommandInterceptor
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(2);
    private readonly TaskCompletionSource _allCounted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _counted;

    public bool Armed { get; set; }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
        CancellationToken cancellationToken = default)
    {
        if (Armed && command.CommandText.Contains("count(*)", StringComparison.OrdinalIgnoreCase)
            && command.CommandText.Contains("FROM \"Workspaces\"", StringComparison.Ordinal))
        {
            if (Interlocked.Increment(ref _counted) >= racers)
            {
                _allCounted.TrySetResult();
            }

            try
            {
                await _allCounted.Task.WaitAsync(Bound, TimeProvider.System, cancellationToken);
            }
            catch (TimeoutException)
            {
                // The other racer is held by the lock: go on.
            }
        }

        return result;
    }
}

public sealed class WorkspaceQuotaTestsOnSqlite : WorkspaceQuotaTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WorkspaceQuotaTestsOnPostgres : WorkspaceQuotaTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
