using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Forge.Api.Workstation;
using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Secrets;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.SecretsManager;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.Api.Tests.Secrets;

/// <summary>
/// Secrets end to end: tagged in the local Secrets Manager, planned for the owner's identity,
/// injected as ARNs into a workstation Forge built, re-injected after a rotation, and nowhere in
/// Forge's own records: not the database, logs, events, API answers or the SSM commands it sent.
/// </summary>
public abstract class SecretInjectionTests : UserDataTestBase
{
    private readonly List<string> _values = [];

    [Fact]
    public async Task Alice_gets_her_own_her_teams_and_her_roles_secrets_not_infras_and_a_rotation_reaches_her_workstation_within_five_minutes()
    {
        var forge = StartForgeWithLogs();
        var secrets = SecretsClient();
        var aliceToken = await CreateAsync(secrets, "alice-token", "user:alice", "ALICE_TOKEN");
        await CreateAsync(secrets, "payments-key", "team:payments", "PAYMENTS_KEY");
        await CreateAsync(secrets, "infra-key", "team:infra", "INFRA_KEY");
        await CreateAsync(secrets, "payments-shared", "team:payments", "SHARED");
        var aliceShared = await CreateAsync(secrets, "alice-shared", "user:alice", "SHARED");
        await CreateAsync(secrets, "bob-token", "user:bob", "BOB_TOKEN");
        var developerTools = await CreateAsync(secrets, "developer-tools", "role:developer", "DEV_TOOLS");
        await CreateAsync(secrets, "sre-pager", "role:sre", "SRE_PAGER");
        await CreateAsync(secrets, "untagged", scope: null, env: "UNTAGGED");
        var alice = await forge.ClientForAsync("alice", teams: ["payments"], roles: [Roles.Developer]);
        Clock.Advance(TimeSpan.FromSeconds(5)); // ListSecrets is eventually consistent

        var listed = await alice.GetFromJsonAsync<SecretListView>("/api/v1/secrets", ApiClient.Json);
        Assert.Equal([("ALICE_TOKEN", "user:alice"), ("DEV_TOOLS", "role:developer"), ("PAYMENTS_KEY", "team:payments"), ("SHARED", "user:alice")],
            listed!.Secrets.Select(s => (s.EnvironmentName, s.Scope)));

        // Injected by the provisioning pipeline: in the environment when the workspace is ready.
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.Equal(StepStatus.Succeeded, LastStep(ready, StepNames.InjectSecrets).Status);
        Assert.Equal(
            new Dictionary<string, string>
            {
                ["ALICE_TOKEN"] = aliceToken.Value, ["DEV_TOOLS"] = developerTools.Value, ["PAYMENTS_KEY"] = _values[1], ["SHARED"] = aliceShared.Value,
            },
            await EnvironmentAsync(ready.CloudWorkspaceId!));

        await secrets.RotateSecretAsync(new RotateSecretRequest { SecretId = aliceToken.Arn });
        var rotatedAt = Clock.GetUtcNow();
        var rotated = (await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = aliceToken.Arn })).SecretString!;
        _values.Add(rotated);
        Assert.NotEqual(aliceToken.Value, rotated);
        await Eventually.UntilAsync(Clock, () => EnvironmentAsync(ready.CloudWorkspaceId!), e => e["ALICE_TOKEN"] == rotated, TimeSpan.FromSeconds(10));
        Assert.True(Clock.GetUtcNow() - rotatedAt <= SecretOptions.RotationDeadline, $"re-injected {Clock.GetUtcNow() - rotatedAt} after the rotation");

        await AssertNoSecretValueAnywhereAsync(forge, alice, ready.Id);
    }

    [Fact]
    public async Task The_rotation_reconciler_acts_once_per_change_and_not_again()
    {
        var forge = StartForgeWithLogs(new() { ["Secrets:RotationPollingPaused"] = "true" });
        var host = forge.Services.GetServices<IHostedService>().OfType<SecretRotationHost>().Single();
        var secrets = SecretsClient();
        var token = await CreateAsync(secrets, "alice-token", "user:alice", "ALICE_TOKEN");
        var alice = await forge.ClientForAsync("alice", teams: ["payments"]);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.Equal(["ALICE_TOKEN"], (await EnvironmentAsync(ready.CloudWorkspaceId!)).Keys);

        var quiet = await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None));
        Assert.Equal((1, 0, 0), (quiet.Examined, quiet.Acted, quiet.Failed));

        await CreateAsync(secrets, "payments-key", "team:payments", "PAYMENTS_KEY");
        await secrets.RotateSecretAsync(new RotateSecretRequest { SecretId = token.Arn });
        _values.Add((await secrets.GetSecretValueAsync(new GetSecretValueRequest { SecretId = token.Arn })).SecretString!);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var passes = new List<Forge.Api.Platform.PassStats>();
        for (var i = 0; i < 3; i++)
        {
            passes.Add(await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None)));
        }

        Assert.Equal([1, 0, 0], passes.Select(p => p.Acted));
        await Eventually.UntilAsync(Clock, () => EnvironmentAsync(ready.CloudWorkspaceId!), e => e.Count == 2, TimeSpan.FromSeconds(5));
        Assert.Equal(["ALICE_TOKEN", "PAYMENTS_KEY"], (await EnvironmentAsync(ready.CloudWorkspaceId!)).Keys.Order(StringComparer.Ordinal));
        Assert.Equal(_values[^1], (await EnvironmentAsync(ready.CloudWorkspaceId!))["ALICE_TOKEN"]);
    }

    [Fact]
    public async Task Secrets_whose_names_break_the_rule_are_reported_with_reasons_and_never_block_the_others_of_their_scope()
    {
        var forge = StartForgeWithLogs(new() { ["Secrets:RotationPollingPaused"] = "true" });
        var host = forge.Services.GetServices<IHostedService>().OfType<SecretRotationHost>().Single();
        var secrets = SecretsClient();
        var token = await CreateAsync(secrets, "alice-token", "user:alice", "ALICE_TOKEN");
        await CreateAsync(secrets, "alice-lower", "user:alice", "alice_lower");
        var payments = await CreateAsync(secrets, "payments-key", "team:payments", "PAYMENTS_KEY");
        await CreateAsync(secrets, "payments-path", "team:payments", "PATH");
        await CreateAsync(secrets, "payments-preload", "team:payments", "LD_PRELOAD");
        await CreateAsync(secrets, "infra-lower", "team:infra", "infra_lower");
        var alice = await forge.ClientForAsync("alice", teams: ["payments"]);
        Clock.Advance(TimeSpan.FromSeconds(5));

        var listed = await alice.GetFromJsonAsync<JsonElement>("/api/v1/secrets", ApiClient.Json);
        Assert.Equal(["ALICE_TOKEN", "PAYMENTS_KEY"], listed.GetProperty("secrets").EnumerateArray().Select(s => s.GetProperty("environmentName").GetString()));
        var refused = listed.GetProperty("refused").EnumerateArray()
            .ToDictionary(r => r.GetProperty("environmentName").GetString()!, r => (Scope: r.GetProperty("scope").GetString(), Reason: r.GetProperty("reason").GetString()!));
        Assert.Equal(["LD_PRELOAD", "PATH", "alice_lower"], refused.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(("user:alice", "team:payments", "team:payments"), (refused["alice_lower"].Scope, refused["PATH"].Scope, refused["LD_PRELOAD"].Scope));
        Assert.Contains("upper-case", refused["alice_lower"].Reason, StringComparison.Ordinal);
        Assert.Contains("PATH", refused["PATH"].Reason, StringComparison.Ordinal);
        Assert.Contains("LD_", refused["LD_PRELOAD"].Reason, StringComparison.Ordinal);

        var ready = await ReadyWorkspaceAsync(alice);
        Assert.Equal(StepStatus.Succeeded, LastStep(ready, StepNames.InjectSecrets).Status);
        Assert.Equal(new Dictionary<string, string> { ["ALICE_TOKEN"] = token.Value, ["PAYMENTS_KEY"] = payments.Value }, await EnvironmentAsync(ready.CloudWorkspaceId!));
        Assert.Equal([AuditOutcome.Succeeded], (await InjectAuditAsync(forge, ready.Id)).Select(e => e.Outcome));

        // Every pass sees the refused secrets again; each is logged once (the four refused, infra's too), never with a value.
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(0, (await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None))).Acted);
        }

        Assert.Equal(["LD_PRELOAD", "PATH", "alice_lower", "infra_lower"],
            Logs.Lines.Where(l => l.EventId == 5202).Select(l => l.Message.Split(' ')[1]).Order(StringComparer.Ordinal));
        Assert.All(_values, value => Assert.All(Logs.Lines, l => Assert.DoesNotContain(value, l.Message, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_failed_injection_is_recorded_and_audited_as_failed_and_the_rotation_pass_sends_it_again_until_it_succeeds()
    {
        var forge = StartForgeWithLogs(new() { ["Secrets:RotationPollingPaused"] = "true" });
        var host = forge.Services.GetServices<IHostedService>().OfType<SecretRotationHost>().Single();
        var token = await CreateAsync(SecretsClient(), "alice-token", "user:alice", "ALICE_TOKEN");
        var alice = await forge.ClientForAsync("alice");
        Clock.Advance(TimeSpan.FromSeconds(5));
        var created = await alice.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem = "linux" });
        var cloudId = (await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(created.Id), w => w.CloudWorkspaceId is not null, Step)).CloudWorkspaceId!;
        await FailDocumentAsync(cloudId, Inject.Name, 1000);

        var ready = await UntilStatusAsync(alice, created.Id, WorkspaceStatus.Ready);
        Assert.Equal(StepStatus.Failed, LastStep(ready, StepNames.InjectSecrets).Status);
        Assert.Empty(await EnvironmentAsync(cloudId));
        var launch = await InjectAuditAsync(forge, ready.Id);
        Assert.DoesNotContain(launch, e => e.Outcome == AuditOutcome.Succeeded);
        Assert.Contains(launch, e => e.Outcome == AuditOutcome.Failed);

        // Still failing: the pass makes an injection due, and the workspace's job tries it (its attempts, then it gives up), each failure recorded.
        var before = ready.Steps.Count(s => s.Name == StepNames.InjectSecrets);
        var failing = await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None));
        Assert.Equal((1, 1, 0), (failing.Examined, failing.Acted, failing.Failed));
        var attempts = new WorkspaceOptions().MaxStepAttempts;
        var gaveUp = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => w.Steps.Count(s => s.Name == StepNames.InjectSecrets) == before + attempts && w.Steps[^1].Status != StepStatus.Running, Step);
        Assert.All(gaveUp.Steps.Where(s => s.Name == StepNames.InjectSecrets), s => Assert.Equal(StepStatus.Failed, s.Status));
        Assert.Equal(WorkspaceStatus.Ready, gaveUp.Status);
        Assert.Empty(await EnvironmentAsync(cloudId));
        Assert.DoesNotContain(await InjectAuditAsync(forge, ready.Id), e => e.Outcome == AuditOutcome.Succeeded);

        await FailDocumentAsync(cloudId, Inject.Name, 0);
        var repaired = await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None));
        Assert.Equal((1, 1, 0), (repaired.Examined, repaired.Acted, repaired.Failed));
        await Eventually.UntilAsync(Clock, () => EnvironmentAsync(cloudId), e => e.Count == 1, Step);
        Assert.Equal(new Dictionary<string, string> { ["ALICE_TOKEN"] = token.Value }, await EnvironmentAsync(cloudId));
        var injected = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => LastStep(w, StepNames.InjectSecrets).Status == StepStatus.Succeeded, Step);
        Assert.Equal(StepStatus.Succeeded, LastStep(injected, StepNames.InjectSecrets).Status);
        Assert.Equal(AuditOutcome.Succeeded, (await InjectAuditAsync(forge, ready.Id))[0].Outcome);
        Assert.Single(await InjectAuditAsync(forge, ready.Id), e => e.Outcome == AuditOutcome.Succeeded);

        Assert.Equal(0, (await RunAsync(forge, _ => host.RunOnceAsync(CancellationToken.None))).Acted);
    }

    /// <summary>The workspace's <c>secrets.inject</c> audit entries, newest first.</summary>
    private static async Task<List<AuditEntryView>> InjectAuditAsync(ForgeApp forge, Guid workspaceId)
    {
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var page = await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?target={workspaceId}&action=secrets.inject&limit=100", ApiClient.Json);
        return page!.Entries;
    }

    /// <summary><c>PUT /_localcloud/machines/{id}/faults</c>: the machine's next <paramref name="count"/> runs of <paramref name="document"/> fail.</summary>
    private async Task FailDocumentAsync(string cloudWorkspaceId, string document, int count)
    {
        using var control = Control();
        var response = await control.PutAsJsonAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}/faults", UriKind.Relative),
            new { documentFailures = new Dictionary<string, int> { [document] = count } });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }

    private async Task AssertNoSecretValueAnywhereAsync(ForgeApp forge, HttpClient alice, Guid workspaceId)
    {
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        using var events = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var seen = new List<string>
        {
            await alice.GetStringAsync("/api/v1/secrets"),
            await alice.GetStringAsync($"/api/v1/workspaces/{workspaceId}"),
            await alice.GetStringAsync($"/api/v1/workspaces/{workspaceId}/events", events.Token),
            await admin.GetStringAsync("/api/v1/audit?limit=500"),
            await admin.GetStringAsync("/api/v1/volumes"),
            await Control().GetStringAsync(new Uri("_localcloud/ssm/commands", UriKind.Relative)),
            string.Join('\n', Logs.Lines.Select(l => l.Message)),
            await DatabaseRowsAsync(forge),
        };
        if (Settings.TryGetValue("Persistence:DataDirectory", out var folder) && folder is not null)
        {
            // The SQLite file itself, with its write-ahead log: what a stolen disk would give away.
            seen.AddRange(Directory.GetFiles(folder).Select(f =>
                Encoding.Latin1.GetString(File.ReadAllBytes(f))));
        }

        Assert.Contains(seen, s => s.Contains("ALICE_TOKEN", StringComparison.Ordinal));
        Assert.All(_values, value => Assert.All(seen, text => Assert.DoesNotContain(value, text, StringComparison.Ordinal)));
    }

    /// <summary>Every row of every table Forge keeps, as JSON, on either provider.</summary>
    private static async Task<string> DatabaseRowsAsync(ForgeApp forge)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        return string.Join('\n',
            JsonSerializer.Serialize(await db.Workspaces.AsNoTracking().ToListAsync()),
            JsonSerializer.Serialize(await db.WorkspaceSteps.AsNoTracking().ToListAsync()),
            JsonSerializer.Serialize(await db.Jobs.AsNoTracking().ToListAsync()),
            JsonSerializer.Serialize(await db.AuditEntries.AsNoTracking().ToListAsync()),
            JsonSerializer.Serialize(await db.UserVolumes.AsNoTracking().ToListAsync()),
            JsonSerializer.Serialize(await db.SecretInjections.AsNoTracking().ToListAsync()));
    }

    private async Task<Dictionary<string, string>> EnvironmentAsync(string cloudWorkspaceId) =>
        (await MachineViewAsync(cloudWorkspaceId))["environment"]!.AsObject().ToDictionary(e => e.Key, e => (string)e.Value!);

    private async Task<(string Arn, string Value)> CreateAsync(SecretsManagerClient client, string name, string? scope, string env)
    {
        var value = $"value-of-{name}-{Guid.NewGuid():N}";
        _values.Add(value);
        List<Tag> tags = [new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = env }];
        if (scope is not null)
        {
            tags.Add(new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope });
        }

        var created = await client.CreateSecretAsync(new CreateSecretRequest { Name = name, SecretString = value, Tags = tags });
        return (created.ARN!, value);
    }

    private SecretsManagerClient SecretsClient() => new(AwsClientFactory.Create(new AwsOptions
    {
        ServiceUrl = LocalCloud.BaseAddress,
        AccessKeyId = "forge-local",
        SecretAccessKey = "forge-local-secret",
    }, Clock));
}

public sealed class SecretInjectionTestsOnSqlite : SecretInjectionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class SecretInjectionTestsOnPostgres : SecretInjectionTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
