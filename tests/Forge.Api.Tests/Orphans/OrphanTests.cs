extern alias localcloud;
using System.Net;
using System.Net.Http.Json;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Cloud;
using Forge.Api.Lifecycle;
using Forge.Api.Orphans;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;
using Forge.Aws.WorkSpaces;
using localcloud::Forge.LocalCloud.Hosting;

namespace Forge.Api.Tests.Orphans;

/// <summary>
/// Orphans and strays end to end (API over HTTP, the real database, the local cloud on the test's clock): WorkSpaces
/// made directly in the cloud with Forge's tags and no workspace row are reported to admins (not the untagged one, not
/// Forge's own); one kept is never terminated and stays listed, one adopted becomes a workspace the engine brings to
/// ready without a second WorkSpace, and the last is terminated once 24 hours have passed since it was first seen (not
/// before, and a restart in between does not reset the count). And a workspace whose WorkSpace has gone from the cloud
/// while Forge was down reads terminated, with the reason.
/// </summary>
public abstract class OrphanTests : UserDataTestBase
{
    private const string Region = "us-east-1";

    private static Dictionary<string, string?> LifecycleOn() => new() { ["Lifecycle:Paused"] = "false" };

    [Fact]
    public async Task Tagged_WorkSpaces_no_row_knows_are_reported_kept_adopted_or_terminated_after_24_hours()
    {
        var forge = StartForge(LifecycleOn());
        var alice = await forge.ClientForAsync("alice");
        var own = await ReadyWorkspaceAsync(alice); // Forge's own: never an orphan
        var carol = await forge.ClientForAsync("carol"); // her token names her directory user (carol): an adoption finds her by it
        Assert.Equal(HttpStatusCode.OK, (await carol.GetAsync("/api/v1/me/notifications")).StatusCode);
        var cloud = new WorkSpacesClient(CloudClients());
        var adopted = await CreateInCloudAsync(cloud, "carol", Guid.CreateVersion7(), "backend");
        var kept = await CreateInCloudAsync(cloud, "dave", Guid.CreateVersion7(), "backend");
        var stray = await CreateInCloudAsync(cloud, "erin", Guid.CreateVersion7(), "frontend");
        var notForges = await CreateInCloudAsync(cloud, "frank", null, null);

        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var listed = await Eventually.UntilAsync(Clock, () => OrphansAsync(admin), o => o.Count >= 3, TimeSpan.FromMinutes(1));
        Assert.Equal(new[] { adopted, kept, stray }.Order(), listed.Select(o => o.CloudWorkspaceId).Order());
        Assert.DoesNotContain(listed, o => o.CloudWorkspaceId == own.CloudWorkspaceId || o.CloudWorkspaceId == notForges);
        var strayView = listed.Single(o => o.CloudWorkspaceId == stray);
        Assert.Equal((OrphanStatus.Orphan, "erin", "frontend", Region), (strayView.Status, strayView.DirectoryUser, strayView.Blueprint, strayView.Region));
        var firstSeen = strayView.FirstSeenAt;
        Assert.Equal(firstSeen + TimeSpan.FromHours(24), strayView.TerminatesAt);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/api/v1/admin/orphans")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsync($"/api/v1/admin/orphans/{kept}/keep", null)).StatusCode);

        var keep = await admin.PostAsync($"/api/v1/admin/orphans/{kept}/keep", null);
        Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
        var keptView = (await keep.Content.ReadFromJsonAsync<OrphanView>(ApiClient.Json))!;
        Assert.Equal((OrphanStatus.Kept, "root", (DateTimeOffset?)null), (keptView.Status, keptView.KeptBy, keptView.TerminatesAt));

        var adoption = await admin.PostAsJsonAsync($"/api/v1/admin/orphans/{adopted}/adopt", new { operatingSystem = "linux" });
        Assert.Equal(HttpStatusCode.Accepted, adoption.StatusCode);
        var workspace = (await adoption.Content.ReadFromJsonAsync<WorkspaceView>(ApiClient.Json))!;
        Assert.Equal(("carol", adopted), (workspace.Owner, workspace.CloudWorkspaceId));
        var ready = await UntilStatusAsync(carol, workspace.Id, WorkspaceStatus.Ready);
        Assert.Equal(adopted, ready.CloudWorkspaceId);
        Assert.Equal(1, await CloudWorkspacesForAsync(workspace.Id, "carol")); // provisioning found it: no second WorkSpace
        Assert.Equal(new[] { kept, stray }.Order(), (await OrphansAsync(admin)).Select(o => o.CloudWorkspaceId).Order());

        // A restart keeps the count: the grace runs from when the first process saw it.
        await KillAsync(forge);
        forge = StartForge(LifecycleOn());
        await AdvanceAsync(firstSeen + TimeSpan.FromHours(24) - TimeSpan.FromMinutes(15) - Clock.GetUtcNow());
        admin = await forge.ClientForAsync("root", roles: [Roles.Admin]); // a token of the day
        Assert.Equal(OrphanStatus.Orphan, (await OrphansAsync(admin)).Single(o => o.CloudWorkspaceId == stray).Status);
        Assert.NotEqual(WorkspaceState.Terminating, await CloudStateAsync(cloud, stray));
        Assert.NotEqual(WorkspaceState.Terminated, await CloudStateAsync(cloud, stray));

        await Eventually.UntilAsync(Clock, () => CloudStateAsync(cloud, stray), s => s is null or WorkspaceState.Terminated or WorkspaceState.Terminating, TimeSpan.FromMinutes(5));
        var left = await Eventually.UntilAsync(Clock, () => OrphansAsync(admin), o => o.Count == 1, TimeSpan.FromMinutes(5));
        Assert.Equal((kept, OrphanStatus.Kept), (left[0].CloudWorkspaceId, left[0].Status));
        Assert.NotNull(await CloudStateAsync(cloud, kept));
        Assert.NotEqual(WorkspaceState.Terminated, await CloudStateAsync(cloud, kept));

        Assert.Equal(3, (await AuditAsync(admin, "orphan.found")).Count);
        Assert.Equal(kept, Assert.Single(await AuditAsync(admin, "orphan.keep")).Target);
        Assert.Contains($"workspace {workspace.Id} of carol", Assert.Single(await AuditAsync(admin, "orphan.adopt")).Detail, StringComparison.Ordinal);
        var terminate = Assert.Single(await AuditAsync(admin, "orphan.terminate"));
        Assert.Equal((stray, AuditLog.SystemActor), (terminate.Target, terminate.Actor));
        Assert.True(terminate.At >= firstSeen + TimeSpan.FromHours(24), $"terminated at {terminate.At:O}, first seen {firstSeen:O}");
    }

    [Fact]
    public async Task An_adoption_without_an_owner_Forge_knows_names_the_field_and_changes_nothing()
    {
        var forge = StartForge(LifecycleOn());
        var cloud = new WorkSpacesClient(CloudClients());
        var orphan = await CreateInCloudAsync(cloud, "nobody", Guid.CreateVersion7(), null);
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        await Eventually.UntilAsync(Clock, () => OrphansAsync(admin), o => o.Count == 1, TimeSpan.FromMinutes(1));

        var refused = await admin.PostAsync($"/api/v1/admin/orphans/{orphan}/adopt", null);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var errors = (await refused.ProblemAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("owner", out _));
        Assert.True(errors.TryGetProperty("blueprint", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/admin/orphans/ws-unknown/keep", null)).StatusCode);
        Assert.Equal(OrphanStatus.Orphan, Assert.Single(await OrphansAsync(admin)).Status);
        Assert.Empty((await admin.GetFromJsonAsync<WorkspacePage>("/api/v1/workspaces", ApiClient.Json))!.Workspaces);
    }

    [Fact]
    public async Task A_workspace_whose_WorkSpace_disappeared_while_Forge_was_down_reads_terminated_with_the_reason()
    {
        var forge = StartForge();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        await KillAsync(forge);

        var cloud = new WorkSpacesClient(CloudClients());
        await cloud.TerminateWorkspacesAsync(new TerminateWorkspacesRequest { TerminateWorkspaceRequests = [new TerminateRequest { WorkspaceId = ready.CloudWorkspaceId! }] }, Region);
        await Eventually.UntilAsync(Clock, () => CloudStateAsync(cloud, ready.CloudWorkspaceId!), s => s is null, TimeSpan.FromMinutes(1));

        forge = StartForge();
        alice = await forge.ClientForAsync("alice");
        var terminated = await UntilStatusAsync(alice, ready.Id, WorkspaceStatus.Terminated);
        Assert.NotNull(terminated.TerminatedAt);
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var entries = (await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?target={ready.Id}", ApiClient.Json))!.Entries;
        Assert.Contains(entries, e => e.Detail?.Contains("The WorkSpace was terminated outside Forge.", StringComparison.Ordinal) == true);
    }

    /// <summary>A WorkSpace made directly in the cloud, as an interrupted create (or a restored database) leaves one: tagged as Forge's when <paramref name="forgeId"/> is given.</summary>
    private static async Task<string> CreateInCloudAsync(WorkSpacesClient cloud, string user, Guid? forgeId, string? blueprint)
    {
        var bundles = await cloud.DescribeWorkspaceBundlesAsync(new DescribeWorkspaceBundlesRequest { Owner = "AMAZON" }, Region);
        var tags = new List<Tag>();
        if (forgeId is { } id)
        {
            tags.Add(new Tag { Key = AwsWorkspaceCloud.ForgeIdTag, Value = id.ToString() });
        }

        if (blueprint is not null)
        {
            tags.Add(new Tag { Key = AwsWorkspaceCloud.BlueprintTag, Value = blueprint });
        }

        var created = await cloud.CreateWorkspacesAsync(new CreateWorkspacesRequest
        {
            Workspaces =
            [
                new WorkspaceRequest
                {
                    DirectoryId = SeedInventory.For(Region).DirectoryId,
                    UserName = user,
                    BundleId = bundles.Bundles.First(b => b.Name == "Standard with Amazon Linux 2").BundleId!,
                    WorkspaceProperties = new WorkspaceProperties { RunningMode = RunningMode.AlwaysOn },
                    Tags = tags,
                },
            ],
        }, Region);
        return Assert.Single(created.PendingRequests!).WorkspaceId!;
    }

    private static async Task<string?> CloudStateAsync(WorkSpacesClient cloud, string workspaceId) =>
        (await cloud.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { WorkspaceIds = [workspaceId] }, Region)).Workspaces?.SingleOrDefault()?.State;

    private static async Task<List<OrphanView>> OrphansAsync(HttpClient admin) =>
        [.. (await admin.GetFromJsonAsync<OrphanPage>("/api/v1/admin/orphans", ApiClient.Json))!.Orphans];

    private static async Task<List<AuditEntryView>> AuditAsync(HttpClient admin, string action) =>
        (await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?action={action}", ApiClient.Json))!.Entries;

    private async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await Clock.SettleAsync();
        Clock.Advance(LifecycleDefaults.OrphanScanInterval);
        await Clock.SettleAsync();
    }
}

public sealed class OrphanTestsOnSqlite : OrphanTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class OrphanTestsOnPostgres : OrphanTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
