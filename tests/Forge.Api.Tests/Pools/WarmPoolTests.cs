extern alias localcloud;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Hardening;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Pools;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Forge.Aws;
using Forge.Aws.DirectoryServiceData;
using localcloud::Forge.LocalCloud.DirectoryServiceData;
using localcloud::Forge.LocalCloud.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Pools;

/// <summary>
/// Warm pools end to end, over HTTP against the local cloud on the test clock: members built in batches and
/// verified, parked, claimed running or stopped and customised for their owner (identity bound, watermark, data),
/// the fallback when a pool is empty or paused, a broken build pausing its pool, surplus parked before it is
/// terminated, and an ended workstation's identity retired.
/// </summary>
public abstract class WarmPoolTests : ForgeTestBase
{
    internal const string Pool = "backend/linux/us-east-1";
    internal static readonly object Request = new { blueprint = "backend", operatingSystem = "linux", region = "us-east-1" };
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(30);

    /// <summary>Pools on, for backend on Linux in us-east-1 only (the shipped configuration's other pools off), within these bounds.</summary>
    internal static Dictionary<string, string?> Pooled(int min, int max) => new()
    {
        ["Pools:Enabled"] = "true",
        ["Pools:Regions:0"] = "us-east-1",
        ["Pools:backend:windows:Enabled"] = "false",
        ["Pools:frontend:linux:Enabled"] = "false",
        ["Pools:backend:linux:Min"] = min.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Pools:backend:linux:Max"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task A_pool_fills_to_its_floor_25_a_call_with_verified_members_parked_stopped_that_no_workspace_list_shows()
    {
        var app = StartForge(Pooled(26, 30));
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);

        var pool = await UntilPoolAsync(admin, p => p.Members.Stopped == 26);

        Assert.Equal([25, 1], Cloud.CreateBatches);
        Assert.Equal(26, Cloud.Calls("SendCommand:" + "Forge-JoinDomain"));
        Assert.Equal((26, 0, 0), (pool.Members.Stopped, pool.Members.Running, pool.Members.Building));
        Assert.Equal(26, pool.Plan!.TargetInventory);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            var members = await db.Workspaces.Include(w => w.Steps).Where(w => w.Pool == Pool).ToListAsync();
            Assert.All(members, m =>
            {
                Assert.Equal(PoolMembers.Owner, m.OwnerId);
                Assert.StartsWith("fp-", m.DirectoryUser, StringComparison.Ordinal);
                var names = m.Steps.OrderBy(s => s.Sequence).Where(s => s.Status == StepStatus.Succeeded).Select(s => s.Name).ToList();
                Assert.Equal([.. Transitions.BuildMember.Steps, StepNames.Stop], names);
            });
        }

        Assert.Empty(await admin.ListWorkspacesAsync());
    }

    [Fact]
    public async Task A_request_takes_a_running_member_and_is_ready_after_only_the_owners_steps()
    {
        var app = StartForge(Pooled(2, 3));
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);
        // An onboarding cohort due in 40 minutes: the pool's members, built in about 20, are kept running for it.
        await ReserveAsync(admin, Clock.GetUtcNow().AddMinutes(40), 2);
        var pool = await UntilPoolAsync(admin, p => p.Members.Running == 2);
        var ada = await app.ClientForAsync("ada", ["red"]);

        var requested = await ada.CreateWorkspaceAsync(Request);

        Assert.Equal(ProvisioningPaths.PoolRunning, requested.ProvisioningPath);
        Assert.Contains(requested.Id, pool.Members.Members.Select(m => m.Id));
        var ready = await Eventually.UntilAsync(Clock, () => ada.GetWorkspaceAsync(requested.Id), w => w.Status != WorkspaceStatus.Provisioning, TimeSpan.FromSeconds(3));
        Assert.Equal(WorkspaceStatus.Ready, ready.Status);
        Assert.Equal("ada", ready.Owner);
        // Within the SLA with no build and no join: the start step finds it running. (Ada's first workstation: her new
        // volume, created from the claim on, is what she waits for; the local cloud takes 2 minutes to create one.)
        Assert.True(ready.ReadyAt - ready.RequestedAt < TimeSpan.FromMinutes(5), $"{ready.ReadyAt - ready.RequestedAt}");
        Assert.Equal(2, Cloud.Calls("SendCommand:Forge-JoinDomain"));
        var claimed = ready.Steps.Where(s => s.StartedAt >= ready.RequestedAt).Select(s => s.Name).ToList();
        Assert.Equal(Transitions.Claim.Steps.Where(claimed.Contains), claimed);
        Assert.Contains(StepNames.BindIdentity, claimed);
        Assert.Equal(1, Cloud.CreateCalls(requested.Id)); // its build as a member: the claim built nothing
        // No pass asked SSM about a command it could not show yet: the passes right after a send leave it alone.
        Assert.Equal(0, Cloud.Refusals("AmazonSSM.GetCommandInvocation", "InvocationDoesNotExist"));
        await Eventually.UntilAsync(Clock, () => PoolAsync(admin), p => p.Members.Running + p.Members.Stopped + p.Members.Building >= 2, Step);
    }

    [Fact]
    public async Task A_stopped_member_claimed_is_started_bound_to_its_owner_watermarked_for_them_and_its_sign_in_is_theirs_alone()
    {
        var logs = new LogCapture();
        var app = StartForge(Pooled(1, 2), s => s.AddSingleton<ILoggerProvider>(logs));
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);
        await UntilPoolAsync(admin, p => p.Members.Stopped == 1);
        DirectoryUsers.AddDeveloper(LocalCloud.Services, "us-east-1", "ada", "Forge Developers", "Forge Admins");
        var ada = await app.ClientForAsync("ada", ["red"]);

        var requested = await ada.CreateWorkspaceAsync(Request);

        Assert.Equal(ProvisioningPaths.PoolStopped, requested.ProvisioningPath);
        var ready = await Eventually.UntilAsync(Clock, () => ada.GetWorkspaceAsync(requested.Id), w => w.Status != WorkspaceStatus.Provisioning, Step);
        Assert.Equal(WorkspaceStatus.Ready, ready.Status);
        var claimed = ready.Steps.Where(s => s.StartedAt >= ready.RequestedAt).ToList();
        Assert.Equal(StepNames.Start, claimed[0].Name);
        Assert.All(claimed, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var policies = (await MachineAsync(ready.CloudWorkspaceId!)).GetProperty("policies");
        Assert.Equal(SecurityProfile.WatermarkText("ada", ready.RequestedAt), policies.GetProperty("WatermarkText").GetString());

        var data = app.Services.GetRequiredService<DirectoryServiceDataClient>();
        var identity = ready.Connection.DirectoryUser;
        Assert.StartsWith("fp-", identity, StringComparison.Ordinal);
        var user = await data.DescribeUserAsync(DirectoryId, new DescribeUserRequest { SAMAccountName = identity, OtherAttributes = ["description"] }, "us-east-1");
        Assert.True(user.Enabled);
        Assert.Equal($"{PoolIdentityDirectory.Marker} of ada", user.OtherAttributes!["description"].S);
        Assert.Equal(["Forge Developers"], await DirectoryUsers.GroupsAsync(data, DirectoryId, "us-east-1", identity)); // Forge Admins is not on the allow-list

        var signIn = await ada.PostAsync($"/api/v1/workspaces/{ready.Id}/sign-in", null);
        Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        Assert.Equal("no-store", signIn.Headers.CacheControl?.ToString());
        var credential = (await signIn.Content.ReadFromJsonAsync<SignInView>(ApiClient.Json))!;
        Assert.Equal(identity, credential.UserName);
        Assert.Equal(24, credential.Password.Length);

        var lead = await app.ClientForAsync("lena", ["red"], [Roles.TeamLead]);
        var bob = await app.ClientForAsync("bob", ["blue"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync($"/api/v1/workspaces/{ready.Id}/sign-in", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await lead.PostAsync($"/api/v1/workspaces/{ready.Id}/sign-in", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.PostAsync($"/api/v1/workspaces/{ready.Id}/sign-in", null)).StatusCode);

        // The password is in its secret only: not in any row, audit entry, response but the owner's, or log line.
        var audit = await admin.GetStringAsync("/api/v1/audit?limit=500");
        Assert.Contains("workspace.sign-in", audit, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Password, audit, StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Password, await admin.GetStringAsync($"/api/v1/workspaces/{ready.Id}"), StringComparison.Ordinal);
        Assert.DoesNotContain(credential.Password, await admin.GetStringAsync("/api/v1/pools"), StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(credential.Password, StringComparison.Ordinal));
        Assert.False(await DatabaseContainsAsync(app, credential.Password));

        // Terminated: the identity goes, with its credential.
        Assert.Equal(HttpStatusCode.Accepted, (await ada.DeleteAsync($"/api/v1/workspaces/{ready.Id}")).StatusCode);
        await Eventually.UntilAsync(Clock, () => ExistsAsync(data, identity), exists => !exists, Step);
        Assert.Null(await app.Services.GetRequiredService<PoolIdentityDirectory>().RevealAsync(new PoolIdentity("us-east-1", DirectoryId, identity), default));
        Assert.Equal(HttpStatusCode.Conflict, (await ada.PostAsync($"/api/v1/workspaces/{ready.Id}/sign-in", null)).StatusCode);
    }

    [Fact]
    public async Task An_empty_pool_and_a_paused_one_fall_back_to_an_on_demand_build_at_once_and_say_so()
    {
        var app = StartForge(Pooled(0, 5));
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);
        var ada = await app.ClientForAsync("ada");

        var empty = await ada.CreateWorkspaceAsync(Request);

        Assert.Equal(ProvisioningPaths.OnDemand, empty.ProvisioningPath);
        var pool = await PoolAsync(admin);
        Assert.Equal((1, 1), (pool.Last24Hours.Requests, pool.Last24Hours.Fallbacks));

        var paused = await admin.PatchAsJsonAsync($"/api/v1/pools/{Pool}", new { min = 1, paused = true });
        Assert.Equal(HttpStatusCode.OK, paused.StatusCode);
        Assert.Equal("paused by root", (await paused.Content.ReadFromJsonAsync<PoolView>(ApiClient.Json))!.PauseReason);
        Clock.Advance(TimeSpan.FromMinutes(30));
        await Clock.SettleAsync();
        Assert.Equal(0, (await PoolAsync(admin)).Members.Building); // paused: nothing is built for it

        var bob = await app.ClientForAsync("bob");
        Assert.Equal(ProvisioningPaths.OnDemand, (await bob.CreateWorkspaceAsync(Request)).ProvisioningPath);

        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/pools/{Pool}", new { paused = false })).StatusCode);
        await UntilPoolAsync(admin, p => p.Members.Stopped + p.Members.Running >= 1); // at least the floor: two requests taught the forecast
        var cy = await app.ClientForAsync("cy");
        Assert.NotEqual(ProvisioningPaths.OnDemand, (await cy.CreateWorkspaceAsync(Request)).ProvisioningPath);
        Assert.Equal(3, (await PoolAsync(admin)).Last24Hours.Requests);
        Assert.Contains("pool.update", await admin.GetStringAsync("/api/v1/audit?limit=500"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Three_failed_builds_pause_the_pool_with_why_and_nothing_more_is_built()
    {
        var settings = Pooled(3, 5);
        settings["Blueprints:Catalog:backend:OperatingSystems:linux:DefaultBundle"] = "wsb-b0rken000";
        var app = StartForge(settings);
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);

        var pool = await UntilPoolAsync(admin, p => p.Bounds.Paused);

        // Paused at the pass that saw the third failure; builds already in flight when it came may have failed too.
        var failures = pool.ConsecutiveBuildFailures;
        Assert.InRange(failures, 3, 5);
        Assert.StartsWith($"paused: {failures} consecutive build failures (last: ", pool.PauseReason, StringComparison.Ordinal);
        Assert.Contains("wsb-b0rken000", pool.PauseReason, StringComparison.Ordinal);
        Assert.Equal(failures, pool.Last24Hours.FailedBuilds);
        var creates = Cloud.CreateBatches.Count;
        for (var i = 0; i < 6; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(5));
            await Clock.SettleAsync();
        }

        Assert.Equal(creates, Cloud.CreateBatches.Count);
        Assert.Contains("pool.paused", await admin.GetStringAsync("/api/v1/audit?limit=500"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Surplus_running_members_are_parked_stopped_before_any_is_terminated()
    {
        var app = StartForge(Pooled(2, 2));
        var admin = await app.ClientForAsync("root", roles: [Roles.Admin]);
        var reservation = await ReserveAsync(admin, Clock.GetUtcNow().AddMinutes(40), 2);
        var kept = await UntilPoolAsync(admin, p => p.Members.Running == 2);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/pools/{Pool}/reservations/{reservation}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PatchAsJsonAsync($"/api/v1/pools/{Pool}", new { min = 0, max = 0 })).StatusCode);
        await UntilPoolAsync(admin, p => p.Members.Members.Count == 0);

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var ids = kept.Members.Members.Select(m => m.Id).ToList();
        var retired = await db.Workspaces.Include(w => w.Steps).Where(w => ids.Contains(w.Id)).ToListAsync();
        Assert.Equal(2, retired.Count);
        Assert.All(retired, m =>
        {
            // On failure, say which step failed and why: the member's status alone does not tell.
            Assert.True(m.Status == WorkspaceStatus.Terminated, $"member ended {m.Status} ({m.Error}); steps: "
                + string.Join(", ", m.Steps.OrderBy(s => s.Sequence).Select(s => $"{s.Name} {s.Status} {s.LastError}")));
            var stop = m.Steps.Single(s => s.Name == StepNames.Stop && s.Status == StepStatus.Succeeded);
            var terminate = m.Steps.Single(s => s.Name == StepNames.Terminate && s.Status == StepStatus.Succeeded);
            Assert.True(stop.Sequence < terminate.Sequence);
        });
    }

    internal static async Task<PoolView> PoolAsync(HttpClient admin)
    {
        var page = await admin.GetFromJsonAsync<PoolPage>("/api/v1/pools", ApiClient.Json);
        return page!.Pools.Single(p => p.Pool == Pool);
    }

    internal Task<PoolView> UntilPoolAsync(HttpClient admin, Func<PoolView, bool> done) => Eventually.UntilAsync(Clock, () => PoolAsync(admin), done, Step);

    private static async Task<Guid> ReserveAsync(HttpClient admin, DateTimeOffset at, int count)
    {
        var response = await admin.PostAsJsonAsync($"/api/v1/pools/{Pool}/reservations", new { at, count, note = "cohort" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ReservationView>(ApiClient.Json))!.Id;
    }

    private static string DirectoryId => SeedInventory.For("us-east-1").DirectoryId;

    private static async Task<bool> ExistsAsync(DirectoryServiceDataClient data, string user)
    {
        try
        {
            await data.DescribeUserAsync(DirectoryId, new DescribeUserRequest { SAMAccountName = user }, "us-east-1");
            return true;
        }
        catch (AwsServiceException e) when (e.ErrorCode == DirectoryServiceDataErrorCodes.ResourceNotFoundException)
        {
            return false;
        }
    }

    private async Task<JsonElement> MachineAsync(string cloudWorkspaceId)
    {
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        return await control.GetFromJsonAsync<JsonElement>($"/_localcloud/machines/{cloudWorkspaceId}");
    }

    /// <summary>Whether any text of the rows a sign-in could touch (workspaces, steps, audit, jobs, outbox) holds <paramref name="value"/>.</summary>
    private static async Task<bool> DatabaseContainsAsync(ForgeApp app, string value)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var texts = new List<string?>();
        texts.AddRange((await db.Workspaces.AsNoTracking().IgnoreAutoIncludes().ToListAsync()).Select(w => JsonSerializer.Serialize(w)));
        texts.AddRange((await db.WorkspaceSteps.AsNoTracking().ToListAsync()).Select(s => JsonSerializer.Serialize(s)));
        texts.AddRange((await db.AuditEntries.AsNoTracking().ToListAsync()).Select(a => JsonSerializer.Serialize(a)));
        texts.AddRange((await db.Jobs.AsNoTracking().ToListAsync()).Select(j => JsonSerializer.Serialize(j)));
        texts.AddRange((await db.OutboxMessages.AsNoTracking().ToListAsync()).Select(m => JsonSerializer.Serialize(m)));
        return texts.Any(t => t?.Contains(value, StringComparison.Ordinal) == true);
    }
}

public sealed class WarmPoolTestsOnSqlite : WarmPoolTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WarmPoolTestsOnPostgres : WarmPoolTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
