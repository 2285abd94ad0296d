using System.Net;
using System.Net.Http.Json;
using Forge.Api.DomainJoin;
using Forge.Api.Hardening;
using Forge.Api.Cloud;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;

namespace Forge.Api.Tests.Workspaces;

public abstract class WorkspaceLifecycleTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    /// <summary>The steps of a provisioning that went right the first time.</summary>
    internal static readonly string[] Provisioned =
    [
        StepNames.SecureDirectory, StepNames.Create, StepNames.WaitAvailable,
        JoinDomainStep.StepName, ApplySecurityProfileStep.StepName, VerifySecurityProfileStep.StepName,
        StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets,
    ];

    /// <summary>The user-data steps a stop, start or terminate adds (their own tests are in Volumes/): left out where only the transitions matter.</summary>
    private static readonly string[] UserData =
        [StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets, StepNames.PersistDotfiles, StepNames.UnmountVolume];

    [Fact]
    public async Task A_new_workspace_reaches_ready_with_its_cloud_id_steps_and_timing()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice", ["red"], directoryUser: "CORP-alice");

        var created = await alice.CreateWorkspaceAsync();
        Assert.Equal(WorkspaceStatus.Provisioning, created.Status);
        Assert.Equal("us-east-1", created.Region.Name);
        Assert.Contains("default", created.Region.Reason, StringComparison.Ordinal);

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(created.Id), w => w.Status == WorkspaceStatus.Ready, Step);
        Assert.StartsWith("ws-", ready.CloudWorkspaceId, StringComparison.Ordinal);
        Assert.Equal("CORP-alice", ready.Connection.DirectoryUser);
        Assert.NotNull(ready.Connection.ComputerName);
        Assert.Equal("Standard with Amazon Linux 2", ready.Bundle);
        Assert.Equal(1, await CloudWorkspacesForAsync(created.Id, "CORP-alice"));
        Assert.NotNull(ready.ReadyAt);
        Assert.Equal(Provisioned, ready.Steps.Select(s => s.Name));
        Assert.All(ready.Steps, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.All(ready.Steps, s => Assert.True(s.Attempts <= 1, s.Name));
        Assert.Equal(1, Cloud.CreateCalls(created.Id));

        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("forge_workspace_provisioning_duration_seconds_count{", metrics, StringComparison.Ordinal);
        Assert.Contains("outcome=\"ready\"", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bundle_the_cloud_does_not_have_fails_the_workspace_with_the_step_error_and_counts_as_failed()
    {
        var app = StartForge();
        var admin = await app.ClientForAsync("ada", roles: [Forge.Api.Auth.Roles.Admin]);
        var blueprint = new { description = "Broken", operatingSystems = new Dictionary<string, object> { ["linux"] = new { defaultBundle = "wsb-doesnotexist1" } } };
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/v1/blueprints/broken", blueprint)).StatusCode);
        var alice = await app.ClientForAsync("alice");

        var id = (await alice.CreateWorkspaceAsync(new { blueprint = "broken", operatingSystem = "linux" })).Id;

        var failed = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Failed, Step);
        Assert.Contains("wsb-doesnotexist1", failed.Error, StringComparison.Ordinal);
        Assert.NotNull(failed.FailedAt);
        Assert.Equal(StepNames.SecureDirectory, failed.Steps[0].Name);
        var step = Assert.Single(failed.Steps, s => s.Name != StepNames.SecureDirectory);
        Assert.Equal((StepNames.Create, StepStatus.Failed, 1), (step.Name, step.Status, step.Attempts));
        Assert.Equal(failed.Error, step.LastError);
        var metrics = await app.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("outcome=\"failed\"", metrics, StringComparison.Ordinal);
        Assert.Contains("forge_jobs_run_duration_seconds_count{", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_start_reboot_and_terminate_walk_the_workspace_through_its_phases()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        Assert.Equal(HttpStatusCode.Conflict, (await alice.PostAsync($"/api/v1/workspaces/{id}/start", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync($"/api/v1/workspaces/{id}/stop", null)).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Stopped, Step);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync($"/api/v1/workspaces/{id}/start", null)).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync($"/api/v1/workspaces/{id}/reboot", null)).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        var keepAlive = await alice.PutAsJsonAsync($"/api/v1/workspaces/{id}/keep-alive", new { enabled = true });
        Assert.Equal(HttpStatusCode.OK, keepAlive.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.DeleteAsync($"/api/v1/workspaces/{id}")).StatusCode);
        var terminated = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Terminated, Step);
        Assert.Equal("TERMINATED", terminated.CloudState); // not the TERMINATING last seen before the cloud forgot it

        Assert.True(terminated.KeepAlive);
        Assert.NotNull(terminated.TerminatedAt);
        Assert.Equal(Provisioned, terminated.Steps.Take(Provisioned.Length).Select(s => s.Name));
        Assert.Equal(
            [StepNames.Stop, StepNames.Start, StepNames.Reboot, StepNames.Terminate],
            terminated.Steps.Skip(Provisioned.Length).Select(s => s.Name).Where(n => !UserData.Contains(n)));
        Assert.Equal(1, Cloud.CreateCalls(id));
        Assert.Equal(0, await CloudWorkspacesForAsync(id, "alice"));
    }

    [Fact]
    public async Task Thirty_builds_at_once_are_described_up_to_25_WorkSpaces_a_call()
    {
        var app = StartForge();
        var clients = new List<HttpClient>();
        var ids = new List<Guid>();
        for (var i = 0; i < 30; i++)
        {
            clients.Add(await app.ClientForAsync($"user{i:00}"));
            ids.Add((await clients[i].CreateWorkspaceAsync()).Id);
        }

        await Eventually.UntilAsync(Clock, async () => (await Task.WhenAll(ids.Select((id, i) => clients[i].GetWorkspaceAsync(id)))).Count(w => w.Status == WorkspaceStatus.Ready),
            ready => ready == ids.Count, Step);

        // One call per workspace per pass would be over a thousand for 30 builds of 20 minutes polled every 15 s.
        var batches = Cloud.DescribeByIdBatches;
        var described = batches.Sum();
        Assert.All(batches, n => Assert.InRange(n, 1, 25));
        Assert.True(batches.Count * 5 < described, $"{batches.Count} DescribeWorkspaces calls for {described} WorkSpace answers (largest {batches.Max()})");
    }

    [Fact]
    public async Task A_build_past_the_provisioning_timeout_fails_and_leaves_no_WorkSpace_running()
    {
        // The local cloud builds a WorkSpace in 20 minutes: a 5-minute limit fails it while PENDING.
        var app = StartForge(new() { ["Workspaces:ProvisionTimeout"] = "00:05:00" });
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;

        var failed = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Failed, Step);

        Assert.Contains("not ready within 00:05:00", failed.Error, StringComparison.Ordinal);
        Assert.Equal(1, Cloud.CreateCalls(id));
        Assert.Equal(0, await CloudWorkspacesForAsync(id, "alice"));
    }

    [Fact]
    public async Task A_process_killed_while_building_leaves_a_job_the_next_process_finishes_with_one_WorkSpace()
    {
        var first = StartForge();
        var alice = await first.ClientForAsync("alice");
        Cloud.HangAfterCreate = new TaskCompletionSource();
        var id = (await alice.CreateWorkspaceAsync()).Id;
        // A request's create waits for the others of its batch window (RegionCallBatcher) before it goes.
        await Eventually.UntilAsync(Clock, () => Task.FromResult(Cloud.CreateCalls(id)), n => n == 1, RegionCallBatcherDefaults.Window);

        await KillAsync(first); // the create made the WorkSpace, but the database never heard of it
        Cloud.HangAfterCreate = null;
        var second = StartForge();
        alice = await second.ClientForAsync("alice");

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);
        Assert.NotNull(ready.CloudWorkspaceId);
        Assert.Equal(1, await CloudWorkspacesForAsync(id, "alice"));
        Assert.Equal(1, Cloud.CreateCalls(id));
    }
}

public sealed class WorkspaceLifecycleTestsOnSqlite : WorkspaceLifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WorkspaceLifecycleTestsOnPostgres : WorkspaceLifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
