using System.Net;
using System.Net.Http.Json;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Forge.Aws;
using Forge.Aws.SecretsManager;
using Forge.Aws.WorkSpaces;
using Tag = Forge.Aws.SecretsManager.Tag;

namespace Forge.Api.Tests.Workstation;

/// <summary>
/// Forge's view follows the cloud: a workstation AWS stopped (AUTO_STOP), its user started by
/// connecting, or someone terminated in the console reads so in Forge within one sweep, with an audit
/// entry; a stopped one gets no commands, and its start brings back its volume, dotfiles and the
/// secrets as they are now (a rotation while it was stopped included) before it reads ready.
/// </summary>
public abstract class CloudFollowingTests : UserDataTestBase
{
    private static readonly TimeSpan Sweep = new WorkspaceOptions().SweepInterval;

    [Fact]
    public async Task A_workstation_AUTO_STOP_stopped_reads_stopped_within_one_sweep_and_its_start_brings_back_its_data_and_the_secret_rotated_meanwhile()
    {
        var forge = StartForgeWithLogs();
        var secrets = SecretsClient();
        var token = await CreateSecretAsync(secrets, "alice-token", "user:alice", "ALICE_TOKEN");
        var alice = await forge.ClientForAsync("alice");
        Clock.Advance(TimeSpan.FromSeconds(5)); // ListSecrets is eventually consistent
        var ready = await ReadyWorkspaceAsync(alice);
        await PutHomeFileAsync(ready.CloudWorkspaceId!, ".zshrc", "setopt autocd\n");
        var sync = await alice.PostAsync($"/api/v1/workspaces/{ready.Id}/dotfiles/sync", null);
        Assert.Equal(HttpStatusCode.Accepted, sync.StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => w.Steps.Any(s => s.Name == StepNames.PersistDotfiles && s.Status == StepStatus.Succeeded), TimeSpan.FromSeconds(1));

        // Nobody connects: the local cloud's AUTO_STOP stops it after its timeout, outside Forge.
        var workspaces = new WorkSpacesClient(CloudClients());
        // Its AUTO_STOP timeout is 120 minutes, an hour behind Forge's idle stop (paused here).
        await Eventually.UntilAsync(Clock, () => CloudStateAsync(workspaces, ready.CloudWorkspaceId!), s => s == WorkspaceState.Stopped, TimeSpan.FromSeconds(30));
        var cloudStoppedBy = Clock.GetUtcNow();
        var stopped = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id), w => w.Status == WorkspaceStatus.Stopped, TimeSpan.FromSeconds(5));
        Assert.True(Clock.GetUtcNow() - cloudStoppedBy <= Sweep + TimeSpan.FromSeconds(15), $"Forge read stopped {Clock.GetUtcNow() - cloudStoppedBy} after the cloud");
        Assert.Equal(WorkspaceState.Stopped, stopped.CloudState);
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var entry = Assert.Single((await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?target={ready.Id}&action=workspace.stopped", ApiClient.Json))!.Entries);
        Assert.Contains("outside Forge", entry.Detail, StringComparison.Ordinal);

        // Rotated while stopped: nothing is sent to the stopped machine, whatever the passes see.
        await secrets.RotateSecretAsync(new RotateSecretRequest { SecretId = token.Arn });
        var rotated = (await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = token.Arn })).SecretString!;
        for (var i = 0; i < 8; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Clock.SettleAsync();
        }

        var still = await alice.GetWorkspaceAsync(ready.Id);
        Assert.Equal((WorkspaceStatus.Stopped, stopped.Steps.Count), (still.Status, still.Steps.Count));

        var started = await TransitionAsync(alice, ready.Id, "start", WorkspaceStatus.Ready);
        var afterStart = started.Steps.SkipWhile(s => s.Name != StepNames.Start).ToList();
        Assert.Equal([StepNames.Start, StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets], afterStart.Select(s => s.Name));
        Assert.All(afterStart, s => Assert.Equal(StepStatus.Succeeded, s.Status));
        Assert.All(afterStart, s => Assert.True(s.CompletedAt <= started.UpdatedAt, $"{s.Name} ended after the workspace read ready"));
        var machine = await MachineViewAsync(ready.CloudWorkspaceId!);
        Assert.Equal(rotated, (string?)machine["environment"]!["ALICE_TOKEN"]);
        Assert.Equal("setopt autocd\n", (string?)machine["files"]!["home"]![".zshrc"]!["content"]);
        Assert.Single(machine["mounts"]!.AsArray());
    }

    [Fact]
    public async Task A_workstation_its_user_starts_by_connecting_is_followed_and_prepared_before_it_reads_ready()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        var stopped = await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);

        using (var control = Control())
        {
            var connect = await control.PostAsync(new Uri($"_localcloud/machines/{ready.CloudWorkspaceId}/connect", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, connect.StatusCode); // a stopped AUTO_STOP WorkSpace starts on connect
        }

        var followed = await UntilStatusAsync(alice, ready.Id, WorkspaceStatus.Ready);
        Assert.Equal([StepNames.Start, StepNames.MountVolume, StepNames.ApplyDotfiles, StepNames.InjectSecrets],
            followed.Steps.Skip(stopped.Steps.Count).Select(s => s.Name));
        Assert.All(followed.Steps.Skip(stopped.Steps.Count), s => Assert.Equal(StepStatus.Succeeded, s.Status));
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var entry = Assert.Single((await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?target={ready.Id}&action=workspace.starting", ApiClient.Json))!.Entries);
        Assert.Contains("outside Forge", entry.Detail, StringComparison.Ordinal);
        Assert.Single((await MachineViewAsync(ready.CloudWorkspaceId!))["mounts"]!.AsArray());
    }

    [Fact]
    public async Task A_workstation_terminated_in_the_console_reads_terminated_and_releases_its_volume()
    {
        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        using (var control = Control())
        {
            // Someone is connected, so AUTO_STOP does not come first.
            Assert.Equal(HttpStatusCode.OK, (await control.PostAsync(new Uri($"_localcloud/machines/{ready.CloudWorkspaceId}/connect", UriKind.Relative), null)).StatusCode);
        }

        var workspaces = new WorkSpacesClient(CloudClients());
        var answer = await workspaces.TerminateWorkspacesAsync(new TerminateWorkspacesRequest
        {
            TerminateWorkspaceRequests = [new TerminateRequest { WorkspaceId = ready.CloudWorkspaceId! }],
        }, "us-east-1");
        Assert.Empty(answer.FailedRequests ?? []);

        var terminated = await UntilStatusAsync(alice, ready.Id, WorkspaceStatus.Terminated);
        Assert.Equal(WorkspaceState.Terminated, terminated.CloudState);
        Assert.NotNull(terminated.TerminatedAt);
        var volumes = await alice.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/v1/volumes", ApiClient.Json);
        Assert.All(volumes.GetProperty("volumes").EnumerateArray(), v => Assert.Equal(System.Text.Json.JsonValueKind.Null, v.GetProperty("mountedWorkspaceId").ValueKind));
    }

    private static async Task<string?> CloudStateAsync(WorkSpacesClient workspaces, string id) =>
        (await workspaces.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { WorkspaceIds = [id] }, "us-east-1")).Workspaces?.SingleOrDefault()?.State;

    private SecretsManagerClient SecretsClient() => new(AwsClientFactory.Create(new AwsOptions
    {
        ServiceUrl = LocalCloud.BaseAddress,
        AccessKeyId = "forge-local",
        SecretAccessKey = "forge-local-secret",
    }, Clock));

    private static async Task<(string Arn, string Value)> CreateSecretAsync(SecretsManagerClient client, string name, string scope, string env)
    {
        var value = $"value-of-{name}-{Guid.NewGuid():N}";
        var created = await client.CreateSecretAsync(new CreateSecretRequest
        {
            Name = name, SecretString = value,
            Tags = [new Tag { Key = Forge.Api.Secrets.SecretDefaults.EnvironmentTagKey, Value = env }, new Tag { Key = Forge.Api.Secrets.SecretDefaults.ScopeTagKey, Value = scope }],
        });
        return (created.ARN!, value);
    }
}

public sealed class CloudFollowingTestsOnSqlite : CloudFollowingTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class CloudFollowingTestsOnPostgres : CloudFollowingTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
