using System.Net;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Workstation;
using Microsoft.Extensions.DependencyInjection;
using Join = Forge.Aws.Ssm.ForgeDocuments.JoinDomain;

namespace Forge.LocalCloud.Tests.Workstation;

public sealed class DomainJoinTests
{
    private const string Password = "Corr3ct-Horse-Battery!";
    private const string Credentials = """{"username":"svc-forge-join","password":"Corr3ct-Horse-Battery!"}""";

    private static Dictionary<string, string[]> Parameters(string secretArn, string domain = SeedInventory.DomainName) => new()
    {
        [Join.DomainName] = [domain],
        [Join.OrganizationalUnit] = [SeedInventory.OrganizationalUnit],
        [Join.JoinCredentialsSecretArn] = [secretArn],
    };

    [Fact]
    public async Task A_new_WorkSpace_joins_the_seeded_domain_with_group_policy_and_no_password_travels()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = await CreateWorkspaceAsync(world);
        var arn = await world.CreateSecretAsync("forge/join", Credentials);

        var run = await world.RunAsync(machine, Join.Name, Parameters(arn));
        var domain = (await world.MachineViewAsync(machine))["domain"]!;
        var again = await world.RunAsync(machine, Join.Name, Parameters(arn));

        Assert.Equal(("Success", 0), (run.Status, run.ResponseCode));
        Assert.Contains("svc-forge-join@corp.forge.internal resolves", run.Output, StringComparison.Ordinal);
        Assert.Equal((true, "corp.forge.internal", SeedInventory.OrganizationalUnit, true),
            ((bool)domain["joined"]!, (string?)domain["name"], (string?)domain["organizationalUnit"], (bool)domain["groupPolicyApplied"]!));
        Assert.Equal(("Success", "Already a member of corp.forge.internal.\n"), (again.Status, again.Output));
        Assert.DoesNotContain(Password, run.Output + run.Error, StringComparison.Ordinal);
        await world.AssertNoSecretSentAsync(Password, Credentials);
    }

    [Fact]
    public async Task Injected_failures_fail_the_next_N_joins_with_the_realm_error_then_joins_succeed()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var arn = await world.CreateSecretAsync("forge/join", Credentials);

        var set = await world.SetJoinFailuresAsync(machine, 2);
        var first = await world.RunAsync(machine, Join.Name, Parameters(arn));
        var second = await world.RunAsync(machine, Join.Name, Parameters(arn));
        var third = await world.RunAsync(machine, Join.Name, Parameters(arn));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        foreach (var failed in new[] { first, second })
        {
            Assert.Equal(("Failed", 1), (failed.Status, failed.ResponseCode));
            Assert.Contains("realm: Couldn't join realm: Insufficient permissions to join the domain", failed.Error, StringComparison.Ordinal);
        }

        Assert.Equal(("Success", 0), (third.Status, third.ResponseCode));
        Assert.True((bool)(await world.MachineViewAsync(machine))["domain"]!["joined"]!);
        await world.AssertNoSecretSentAsync(Password);
    }

    [Fact]
    public async Task A_failed_join_leaves_the_machine_out_of_the_domain_and_Windows_says_access_is_denied()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine("Windows");
        var arn = await world.CreateSecretAsync("forge/join", Credentials);
        await world.SetJoinFailuresAsync(machine, 1);

        var run = await world.RunAsync(machine, Join.Name, Parameters(arn));
        var faults = await world.Control.GetStringAsync(new Uri($"_localcloud/machines/{machine.WorkspaceId}/faults", UriKind.Relative));

        Assert.Equal(("Failed", 1), (run.Status, run.ResponseCode));
        Assert.Contains($"Computer '{machine.ComputerName}' failed to join domain 'corp.forge.internal'", run.Error, StringComparison.Ordinal);
        Assert.Contains("Access is denied.", run.Error, StringComparison.Ordinal);
        Assert.False((bool)(await world.MachineViewAsync(machine))["domain"]!["joined"]!);
        Assert.Equal(0, (int)JsonNode.Parse(faults)!["domainJoinFailures"]!);
    }

    [Fact]
    public async Task The_faults_endpoint_knows_only_existing_machines_and_counts_that_are_not_negative()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var ghost = new Machine("ws-ghost0001", "mi-0000000000000dead", "us-east-1", "Linux", "GHOST");

        var unknown = await world.SetJoinFailuresAsync(ghost, 1);
        var negative = await world.SetJoinFailuresAsync(machine, -1);
        var cleared = await world.SetJoinFailuresAsync(machine, 0);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.BadRequest, HttpStatusCode.OK), (unknown.StatusCode, negative.StatusCode, cleared.StatusCode));
        Assert.Equal(0, (int)JsonNode.Parse(await cleared.Content.ReadAsStringAsync())!["domainJoinFailures"]!);
    }

    [Fact]
    public async Task Join_failures_set_per_region_at_start_apply_to_every_machine_of_that_region_only()
    {
        await using var world = await WorkstationWorld.StartAsync(
            s => s.Configure<LocalWorkstationOptions>(o => o.DomainJoinFailures["us-east-1"] = 1), "us-east-1", "us-west-2");
        var east = world.AddMachine();
        var west = world.AddMachine(region: "us-west-2");
        var eastArn = await world.CreateSecretAsync("forge/join", Credentials);
        var westArn = await world.CreateSecretAsync("forge/join", Credentials, "us-west-2");

        var westRun = await world.RunAsync(west, Join.Name, Parameters(westArn));
        var eastFirst = await world.RunAsync(east, Join.Name, Parameters(eastArn));
        var eastSecond = await world.RunAsync(east, Join.Name, Parameters(eastArn));

        Assert.Equal(("Success", "Failed", "Success"), (westRun.Status, eastFirst.Status, eastSecond.Status));
    }

    [Fact]
    public async Task Region_join_failures_bind_from_the_LocalCloud_Workstation_configuration_section()
    {
        await using var app = LocalCloudServer.Build(
            ["--urls", "http://127.0.0.1:0", "--LocalCloud:Workstation:DomainJoinFailures:eu-west-1=3"], TimeProvider.System);

        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<LocalWorkstationOptions>>().Value;

        Assert.Equal(3, options.DomainJoinFailures["eu-west-1"]);
    }

    [Fact]
    public async Task The_credentials_secret_must_exist_in_the_machines_region_and_hold_a_username_and_a_password()
    {
        await using var world = await WorkstationWorld.StartAsync(null, "us-east-1", "us-west-2");
        var machine = world.AddMachine();
        var elsewhere = await world.CreateSecretAsync("forge/join", Credentials, "us-west-2");
        var noPassword = await world.CreateSecretAsync("forge/join-nopw", """{"username":"svc-forge-join"}""");

        var otherRegion = await world.RunAsync(machine, Join.Name, Parameters(elsewhere));
        var incomplete = await world.RunAsync(machine, Join.Name, Parameters(noPassword));

        Assert.Equal(("Failed", 1), (otherRegion.Status, otherRegion.ResponseCode));
        Assert.Contains("could not read the join credentials secret", otherRegion.Error, StringComparison.Ordinal);
        Assert.Contains("ResourceNotFoundException", otherRegion.Error, StringComparison.Ordinal);
        Assert.Equal(("Failed", "Forge-JoinDomain: the join credentials secret has no \"password\""), (incomplete.Status, incomplete.Error));
        Assert.False((bool)(await world.MachineViewAsync(machine))["domain"]!["joined"]!);
    }

    [Fact]
    public async Task Only_the_regions_seeded_domain_can_be_joined_and_values_that_could_break_out_are_refused_by_SSM()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var arn = await world.CreateSecretAsync("forge/join", Credentials);

        var otherDomain = await world.RunAsync(machine, Join.Name, Parameters(arn, "corp.example.com"));
        var injection = await Assert.ThrowsAsync<AwsServiceException>(() =>
            world.RunAsync(machine, Join.Name, Parameters(arn, "corp.forge.internal'; reboot; '")));

        Assert.Equal("Failed", otherDomain.Status);
        Assert.Contains("realm: No such realm found: corp.example.com", otherDomain.Error, StringComparison.Ordinal);
        Assert.Equal("InvalidParameters", injection.ErrorCode);
    }

    /// <summary>A WorkSpace created through the local WorkSpaces service, once AVAILABLE: its machine is online.</summary>
    private static async Task<Machine> CreateWorkspaceAsync(WorkstationWorld world)
    {
        var bundles = await world.Cloud.CallAsync(AwsServices.WorkSpaces, "DescribeWorkspaceBundles", new JsonObject { ["Owner"] = "AMAZON" });
        var bundleId = (string)bundles["Bundles"]!.AsArray().First(b => ((string)b!["Name"]!).Contains("Ubuntu", StringComparison.Ordinal))!["BundleId"]!;
        var created = await world.Cloud.CallAsync(AwsServices.WorkSpaces, "CreateWorkspaces", new JsonObject
        {
            ["Workspaces"] = new JsonArray(new JsonObject
            {
                ["DirectoryId"] = WorkstationWorld.Seed.DirectoryId,
                ["UserName"] = "alice",
                ["BundleId"] = bundleId,
            }),
        });
        var workspaceId = (string)created["PendingRequests"]![0]!["WorkspaceId"]!;
        world.Clock.Advance(TimeSpan.FromMinutes(21));
        await world.Cloud.CallAsync(AwsServices.WorkSpaces, "DescribeWorkspaces", new JsonObject { ["WorkspaceIds"] = new JsonArray(workspaceId) });
        var machine = world.Cloud.Services.GetRequiredService<MachineRegistry>().FindByWorkspace(workspaceId)!;
        lock (machine.Gate)
        {
            Assert.True(machine.Online);
        }

        return machine;
    }
}
