using System.Net;
using Forge.Api.Persistence;
using Forge.Api.Secrets;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Aws;
using Forge.Aws.SecretsManager;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// A user's teams and roles are what their latest token says, not what the token that created a
/// workspace said: team-lead visibility and secret scopes follow the current view, a newer token
/// moves it, an older one does not, and past <c>Auth:IdentityMaxAge</c> it grants no team or role.
/// </summary>
public abstract class UserIdentityTests : UserDataTestBase
{
    [Fact]
    public async Task Someone_removed_from_a_team_loses_its_secrets_on_a_running_workstation_within_one_rotation_pass()
    {
        var forge = StartForgeWithLogs();
        var secrets = new SecretsManagerClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        foreach (var (name, scope, env) in new[] { ("alice-token", "user:alice", "ALICE_TOKEN"), ("payments-key", "team:payments", "PAYMENTS_KEY") })
        {
            await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = name,
                SecretString = "value-of-" + name,
                Tags = [new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope }, new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = env }],
            });
        }

        var alice = await forge.ClientForAsync("alice", ["payments"]);
        Clock.Advance(TimeSpan.FromSeconds(5)); // ListSecrets is eventually consistent
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.Equal(["ALICE_TOKEN", "PAYMENTS_KEY"], (await VariablesAsync(ready.CloudWorkspaceId!)).Order(StringComparer.Ordinal));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var aliceLater = await forge.ClientForAsync("alice", ["infra"]);
        Assert.Equal(HttpStatusCode.OK, (await aliceLater.GetAsync("/api/v1/workspaces")).StatusCode);
        var removedAt = Clock.GetUtcNow();

        await Eventually.UntilAsync(Clock, () => VariablesAsync(ready.CloudWorkspaceId!), v => !v.Contains("PAYMENTS_KEY"), TimeSpan.FromSeconds(10), maxRounds: 45);
        Assert.True(Clock.GetUtcNow() - removedAt <= SecretOptions.RotationDeadline, $"removed {Clock.GetUtcNow() - removedAt} after the change");
        Assert.Equal(["ALICE_TOKEN"], await VariablesAsync(ready.CloudWorkspaceId!));
    }

    [Fact]
    public async Task A_team_lead_sees_the_workspaces_of_the_owners_currently_in_her_team_until_the_view_expires()
    {
        var forge = StartForge(new() { ["Auth:IdentityMaxAge"] = "1.00:00:00" });
        var alice = await forge.ClientForAsync("alice", ["payments"]);
        var workspace = await alice.CreateWorkspaceAsync();
        var paymentsLead = await forge.ClientForAsync("lena", ["payments"], [Roles.TeamLead]);
        var infraLead = await forge.ClientForAsync("ivan", ["infra"], [Roles.TeamLead]);
        Assert.Equal([workspace.Id], (await paymentsLead.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Empty(await infraLead.ListWorkspacesAsync());

        Clock.Advance(TimeSpan.FromMinutes(1));
        var aliceMoved = await forge.ClientForAsync("alice", ["infra"]);
        Assert.Equal(HttpStatusCode.OK, (await aliceMoved.GetAsync("/api/v1/workspaces")).StatusCode);

        Assert.Empty(await paymentsLead.ListWorkspacesAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await paymentsLead.GetAsync($"/api/v1/workspaces/{workspace.Id}")).StatusCode);
        Assert.Equal(workspace.Id, (await infraLead.GetWorkspaceAsync(workspace.Id)).Id);

        // Her older token, still valid, does not bring the old team back.
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await paymentsLead.GetAsync($"/api/v1/workspaces/{workspace.Id}")).StatusCode);
        Assert.Equal(workspace.Id, (await infraLead.GetWorkspaceAsync(workspace.Id)).Id);

        // A day without a request from alice: her stored teams no longer count. She still sees her own.
        Clock.Advance(TimeSpan.FromDays(1) + TimeSpan.FromMinutes(1));
        var infraLeadLater = await forge.ClientForAsync("ivan", ["infra"], [Roles.TeamLead]);
        Assert.Equal(HttpStatusCode.NotFound, (await infraLeadLater.GetAsync($"/api/v1/workspaces/{workspace.Id}")).StatusCode);
        var aliceNow = await forge.ClientForAsync("alice", ["infra"]);
        Assert.Equal([workspace.Id], (await aliceNow.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Equal(workspace.Id, (await infraLeadLater.GetWorkspaceAsync(workspace.Id)).Id);
    }

    [Fact]
    public async Task The_view_is_written_when_it_changes_or_grows_old_not_on_every_request()
    {
        var forge = StartForge();
        var alice = await forge.ClientForAsync("alice", ["payments"], directoryUser: "ALICE01");
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        var first = await IdentityAsync(forge, "alice");
        Assert.Equal(["payments"], first.Teams);
        Assert.Equal([Roles.Developer], first.Roles);
        Assert.Equal("ALICE01", first.DirectoryUser);

        Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        Assert.Equal(first.RefreshedAt, (await IdentityAsync(forge, "alice")).RefreshedAt);

        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(HttpStatusCode.OK, (await alice.GetAsync("/api/v1/workspaces")).StatusCode);
        Assert.Equal(Clock.GetUtcNow(), (await IdentityAsync(forge, "alice")).RefreshedAt);
    }

    [Fact]
    public async Task A_new_users_first_requests_at_once_write_their_identity_with_no_insert_refused()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice", ["payments"]);

        var answers = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => alice.GetAsync("/api/v1/workspaces")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(["payments"], (await IdentityAsync(forge, "alice")).Teams);
        // One user's writes go one at a time in a process: no insert raced another and was refused, which EF logs as an error.
        Assert.DoesNotContain(Logs.Lines, l => l.Category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || l.EventId == 1301);
    }

    private static async Task<UserIdentity> IdentityAsync(ForgeApp forge, string userId)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().UserIdentities.AsNoTracking().SingleAsync(u => u.UserId == userId);
    }

    private async Task<List<string>> VariablesAsync(string cloudWorkspaceId) =>
        [.. (await MachineViewAsync(cloudWorkspaceId))["environment"]!.AsObject().Select(e => e.Key)];
}

public sealed class UserIdentityTestsOnSqlite : UserIdentityTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class UserIdentityTestsOnPostgres : UserIdentityTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
