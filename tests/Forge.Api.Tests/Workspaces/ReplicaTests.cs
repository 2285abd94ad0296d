using Forge.Api.Auth;
using Forge.Api.Cloud;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Workspaces;

/// <summary>Several Forge processes on one PostgreSQL: how Forge scales out.</summary>
public sealed class ReplicaTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    [Fact]
    public async Task Two_replicas_take_fifty_concurrent_creates_and_call_CreateWorkspaces_once_each()
    {
        // Fifty workspaces each take some fifteen passes (build, domain join, security profile); the
        // harness gives workers 20 ms of real time per 15 s of virtual time, so the 40-minute
        // provisioning deadline would measure the test machine, not Forge. This test is about
        // concurrency: the deadline is out of its way.
        var patient = new Dictionary<string, string?> { ["Workspaces:ProvisionTimeout"] = "04:00:00" };
        var replicas = new[] { StartForge(patient), StartForge(patient) };
        var admin = await replicas[0].ClientForAsync("ada", roles: [Roles.Admin]);
        var developers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => replicas[i % 2].ClientForAsync($"dev{i}")));

        var created = await Task.WhenAll(developers.Select(d => d.CreateWorkspaceAsync()));

        var all = await Eventually.UntilAsync(Clock, () => admin.ListWorkspacesAsync(),
            list => list.Count == 50 && list.All(w => w.Status == WorkspaceStatus.Ready), Step);
        Assert.Equal(50, all.Select(w => w.CloudWorkspaceId).Distinct().Count());
        Assert.All(created, w => Assert.Equal(1, Cloud.CreateCalls(w.Id)));
        Assert.Equal(50, Cloud.TotalCreateCalls);
        Assert.Equal(1, await CloudWorkspacesForAsync(created[7].Id, "dev7"));
    }

    [Fact]
    public async Task Jobs_held_by_a_killed_replica_are_finished_by_the_other()
    {
        var doomed = StartForge();
        var survivor = StartForge();
        Cloud.HangAfterCreate = new TaskCompletionSource();
        var developers = await Task.WhenAll(Enumerable.Range(0, 4).Select(i => doomed.ClientForAsync($"dev{i}")));
        var created = await Task.WhenAll(developers.Select(d => d.CreateWorkspaceAsync()));
        // The four creates wait for their batch window (RegionCallBatcher), then go in one call, which hangs.
        await Eventually.UntilAsync(Clock, () => Task.FromResult(Cloud.TotalCreateCalls), n => n == 4, RegionCallBatcherDefaults.Window);

        await KillAsync(doomed);
        Cloud.HangAfterCreate = null;
        var admin = await survivor.ClientForAsync("ada", roles: [Roles.Admin]);

        var all = await Eventually.UntilAsync(Clock, () => admin.ListWorkspacesAsync(),
            list => list.Count == 4 && list.All(w => w.Status == WorkspaceStatus.Ready), Step);
        for (var i = 0; i < created.Length; i++)
        {
            Assert.Equal(1, await CloudWorkspacesForAsync(created[i].Id, $"dev{i}"));
            Assert.Equal(1, Cloud.CreateCalls(created[i].Id));
        }

        Assert.Equal(4, all.Select(w => w.CloudWorkspaceId).Distinct().Count());
    }
}
