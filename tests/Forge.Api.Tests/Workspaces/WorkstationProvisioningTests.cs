extern alias localcloud;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Forge.Aws.SecretsManager;
using Forge.Aws.WorkSpaces;
using localcloud::Forge.LocalCloud.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Forge.Api.DomainJoin;
using Forge.Api.Hardening;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// The provisioning pipeline after AVAILABLE, end to end over HTTP against the local cloud on the
/// test clock: domain join through SSM with bounded retries, the security profile applied and
/// verified, and what the machine and the cloud then show.
/// </summary>
public abstract class WorkstationProvisioningTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task A_ready_workspace_speaks_only_WSP_has_every_control_at_its_profile_value_and_is_joined_with_Group_Policy()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice", directoryUser: "CORP-alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        Assert.Equal(WorkspaceLifecycleTests.Provisioned, ready.Steps.Select(s => s.Name));
        var workspaces = new WorkSpacesClient(CloudClients());
        var described = Assert.Single((await workspaces.DescribeWorkspacesAsync(new DescribeWorkspacesRequest { WorkspaceIds = [ready.CloudWorkspaceId!] }, "us-east-1")).Workspaces!);
        Assert.Equal(["WSP"], described.WorkspaceProperties!.Protocols);
        var directory = Assert.Single((await workspaces.DescribeWorkspaceDirectoriesAsync(
            new DescribeWorkspaceDirectoriesRequest { DirectoryIds = [SeedInventory.For("us-east-1").DirectoryId] }, "us-east-1")).Directories);
        Assert.Equal("DENY", directory.WorkspaceAccessProperties!.DeviceTypeZeroClient);
        Assert.Equal("ALLOW", directory.WorkspaceAccessProperties.DeviceTypeWindows);
        Assert.False(directory.WorkspaceCreationProperties!.UserEnabledAsLocalAdministrator);

        var machine = await MachineAsync(ready.CloudWorkspaceId!);
        var policies = machine.GetProperty("policies");
        foreach (var (name, value) in new[] { ("Clipboard", "Disabled"), ("FileTransfer", "Disabled"), ("Printing", "Disabled"), ("Usb", "Disabled"),
            ("LocalDrives", "Disabled"), ("ScreenCapture", "Blocked"), ("Watermark", "Enabled") })
        {
            Assert.Equal(value, policies.GetProperty(name).GetString());
        }

        Assert.Equal(SecurityProfile.WatermarkText("alice", ready.RequestedAt), policies.GetProperty("WatermarkText").GetString());
        Assert.StartsWith("alice@", policies.GetProperty("WatermarkText").GetString(), StringComparison.Ordinal);
        var domain = machine.GetProperty("domain");
        Assert.True(domain.GetProperty("joined").GetBoolean());
        Assert.Equal(SeedInventory.DomainName, domain.GetProperty("name").GetString());
        Assert.Equal(SeedInventory.OrganizationalUnit, domain.GetProperty("organizationalUnit").GetString());
        Assert.True(domain.GetProperty("groupPolicyApplied").GetBoolean());

        var code = SeedInventory.For("us-east-1").RegistrationCode;
        Assert.Equal(code, ready.Connection.RegistrationCode);
        Assert.Equal($"workspaces://CORP-alice@{code}", ready.Connection.ClientUri);
        Assert.Equal("https://clients.amazonworkspaces.com/webclient#/registration", ready.Connection.WebAccessUrl);
    }

    [Fact]
    public async Task A_blueprint_profile_sets_its_own_controls()
    {
        var app = StartForge(new()
        {
            ["SecurityProfiles:Blueprints:frontend:Clipboard"] = "PasteOnly",
            ["SecurityProfiles:Blueprints:frontend:Printing"] = "Enabled",
            ["SecurityProfiles:Blueprints:frontend:Watermark"] = "Disabled",
        });
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync(new { blueprint = "frontend", operatingSystem = "linux" })).Id;

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        var policies = (await MachineAsync(ready.CloudWorkspaceId!)).GetProperty("policies");
        Assert.Equal(("PasteOnly", "Enabled", "Disabled", "Disabled"), (policies.GetProperty("Clipboard").GetString(),
            policies.GetProperty("Printing").GetString(), policies.GetProperty("Watermark").GetString(), policies.GetProperty("Usb").GetString()));
    }

    [Fact]
    public async Task Two_failed_joins_are_retried_30_seconds_apart_and_the_third_makes_the_workspace_ready()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await InjectJoinFailuresAsync(alice, id, 2);

        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status is WorkspaceStatus.Ready or WorkspaceStatus.Failed, Step);

        Assert.Equal(WorkspaceStatus.Ready, ready.Status);
        var joins = ready.Steps.Where(s => s.Name == JoinDomainStep.StepName).ToList();
        Assert.Equal([(1, StepStatus.Failed), (2, StepStatus.Failed), (3, StepStatus.Succeeded)], joins.Select(s => (s.Attempts, s.Status)));
        Assert.All(joins.Take(2), s => Assert.Contains("Insufficient permissions to join the domain", s.LastError, StringComparison.Ordinal));
        Assert.True(joins[1].StartedAt - joins[0].CompletedAt >= TimeSpan.FromSeconds(30));
        Assert.True(joins[2].StartedAt - joins[1].CompletedAt >= TimeSpan.FromSeconds(30));
        Assert.True((await MachineAsync(ready.CloudWorkspaceId!)).GetProperty("domain").GetProperty("joined").GetBoolean());
    }

    [Fact]
    public async Task Three_failed_joins_fail_the_workspace_with_the_reason_and_terminate_its_WorkSpace()
    {
        var app = StartForge();
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await InjectJoinFailuresAsync(alice, id, 3);

        var failed = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status is WorkspaceStatus.Ready or WorkspaceStatus.Failed, Step);

        Assert.Equal(WorkspaceStatus.Failed, failed.Status);
        Assert.StartsWith("join-domain failed after 3 attempts: Failed:", failed.Error, StringComparison.Ordinal);
        Assert.Contains("Insufficient permissions to join the domain", failed.Error, StringComparison.Ordinal);
        Assert.Equal(3, failed.Steps.Count(s => s.Name == JoinDomainStep.StepName && s.Status == StepStatus.Failed));
        Assert.DoesNotContain(failed.Steps, s => s.Name == ApplySecurityProfileStep.StepName);
        await Eventually.UntilAsync(Clock, () => CloudWorkspacesForAsync(id, "alice"), n => n == 0, Step);
    }

    [Fact]
    public async Task A_deployment_that_keeps_failed_workspaces_leaves_the_WorkSpace_for_investigation()
    {
        var app = StartForge(new() { ["Workspaces:KeepFailedWorkspaces"] = "true" });
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await InjectJoinFailuresAsync(alice, id, 3);

        var failed = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status is WorkspaceStatus.Ready or WorkspaceStatus.Failed, Step);

        Assert.Equal(WorkspaceStatus.Failed, failed.Status);
        Clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, await CloudWorkspacesForAsync(id, "alice"));
    }

    [Fact]
    public async Task The_join_password_is_in_no_command_parameter_no_log_line_and_no_database_row()
    {
        var logs = new LogCapture();
        var app = StartForge(new() { ["Logging:LogLevel:Default"] = "Debug" }, s => s.AddSingleton<ILoggerProvider>(logs));
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        await InjectJoinFailuresAsync(alice, id, 1);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready, Step);

        var secret = await new SecretsManagerClient(CloudClients()).GetSecretValueAsync(new GetSecretValueRequest { SecretId = "forge/domain-join" }, "us-east-1");
        var password = JsonDocument.Parse(secret.SecretString!).RootElement.GetProperty("password").GetString()!;
        Assert.True(password.Length >= 16);

        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var commands = await control.GetStringAsync("/_localcloud/ssm/commands?region=us-east-1");
        Assert.Contains("JoinCredentialsSecretArn", commands, StringComparison.Ordinal);
        Assert.Contains(secret.ARN!, commands, StringComparison.Ordinal);
        Assert.DoesNotContain(password, commands, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Lines);
        Assert.DoesNotContain(logs.Lines, l => l.Contains(password, StringComparison.Ordinal));

        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        var rows = JsonSerializer.Serialize(new object[]
        {
            await db.Workspaces.Include(w => w.Steps).AsNoTracking().ToListAsync(),
            await db.AuditEntries.AsNoTracking().ToListAsync(),
            await db.Jobs.AsNoTracking().ToListAsync(),
        });
        Assert.Contains(JoinDomainStep.StepName, rows, StringComparison.Ordinal);
        Assert.DoesNotContain(password, rows, StringComparison.Ordinal);
    }

    /// <summary>The machine exists once the WorkSpace does; its next <paramref name="count"/> joins then fail.</summary>
    private async Task InjectJoinFailuresAsync(HttpClient forge, Guid id, int count)
    {
        var cloudId = (await Eventually.UntilAsync(Clock, () => forge.GetWorkspaceAsync(id), w => w.CloudWorkspaceId is not null, TimeSpan.FromSeconds(1))).CloudWorkspaceId!;
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var response = await control.PutAsJsonAsync($"/_localcloud/machines/{cloudId}/faults", new { domainJoinFailures = count });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonElement> MachineAsync(string cloudWorkspaceId)
    {
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        return await control.GetFromJsonAsync<JsonElement>($"/_localcloud/machines/{cloudWorkspaceId}");
    }
}

public sealed class WorkstationProvisioningTestsOnSqlite : WorkstationProvisioningTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class WorkstationProvisioningTestsOnPostgres : WorkstationProvisioningTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
