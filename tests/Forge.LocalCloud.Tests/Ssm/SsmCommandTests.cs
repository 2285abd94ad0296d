using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Ssm;
using Forge.LocalCloud.Tests.SecretsManager;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.Ssm;

public sealed class SsmCommandTests
{
    private static readonly AwsService Ssm = AwsServices.Ssm;

    [Fact]
    public async Task A_shell_script_goes_Pending_InProgress_Success_on_the_clock_and_is_recorded()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var machine = SsmMachines.Add(cloud);

        var command = (await cloud.CallAsync(Ssm, "SendCommand", Script(machine, "echo hello", "uname -a")))["Command"]!;
        var commandId = (string)command["CommandId"]!;

        Assert.True(SecretVersionTests.IsUuid(commandId));
        Assert.Equal(("Pending", 1), ((string)command["Status"]!, (int)command["TargetCount"]!));
        Assert.Equal("InvocationDoesNotExist", (await cloud.ErrorAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine))).ErrorCode);

        cloud.Clock.Advance(TimeSpan.FromSeconds(2));
        var running = await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine));
        Assert.Equal(("InProgress", -1, ""), ((string)running["Status"]!, (int)running["ResponseCode"]!, (string)running["ExecutionEndDateTime"]!));
        Assert.Equal("aws:runShellScript", (string)running["PluginName"]!);

        cloud.Clock.Advance(TimeSpan.FromSeconds(1));
        var done = await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine));
        Assert.Equal(("Success", "Success", 0), ((string)done["Status"]!, (string)done["StatusDetails"]!, (int)done["ResponseCode"]!));
        Assert.Equal("", (string)done["StandardOutputContent"]!);
        Assert.Equal("PT2S", (string)done["ExecutionElapsedTime"]!);
        var started = DateTimeOffset.Parse((string)done["ExecutionStartDateTime"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(cloud.Clock.GetUtcNow().AddSeconds(-2).ToUnixTimeMilliseconds(), started.ToUnixTimeMilliseconds());

        var script = Assert.Single(cloud.Services.GetRequiredService<ScriptLog>().Scripts);
        Assert.Equal((machine.InstanceId, commandId), (script.InstanceId, script.CommandId));
        Assert.Equal(["echo hello", "uname -a"], script.Commands);
    }

    [Fact]
    public async Task An_offline_machine_runs_the_command_once_it_comes_online_before_the_delivery_timeout()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var machine = SsmMachines.Add(cloud, online: false);
        var commandId = await Send(cloud, Script(machine, "true"));

        cloud.Clock.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal("Pending", (string)(await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine)))["Status"]!);

        lock (machine.Gate)
        {
            machine.Online = true;
        }

        cloud.Clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal("Success", (string)(await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine)))["Status"]!);
    }

    [Fact]
    public async Task A_machine_that_stays_offline_times_out_delivery_after_TimeoutSeconds()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var machine = SsmMachines.Add(cloud, online: false);
        var input = Script(machine, "true");
        input["TimeoutSeconds"] = 30;
        var commandId = await Send(cloud, input);

        cloud.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("Pending", (string)(await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine)))["Status"]!);
        cloud.Clock.Advance(TimeSpan.FromSeconds(1));
        var answer = await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine));

        Assert.Equal(("TimedOut", "Delivery Timed Out", -1), ((string)answer["Status"]!, (string)answer["StatusDetails"]!, (int)answer["ResponseCode"]!));
        Assert.Empty(cloud.Services.GetRequiredService<ScriptLog>().Scripts);
    }

    [Fact]
    public async Task A_plugged_in_handler_changes_the_machine_even_when_nobody_polls()
    {
        await using var cloud = await LocalAwsHarness.StartAsync(s => s.AddMachineDocumentHandler<JoinHandler>());
        await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-JoinDomain", ["Content"] = SsmDocumentTests.Content });
        var machine = SsmMachines.Add(cloud, "Windows");
        var commandId = await Send(cloud, new JsonObject
        {
            ["DocumentName"] = "Forge-JoinDomain",
            ["InstanceIds"] = new JsonArray(machine.InstanceId),
            ["Parameters"] = new JsonObject { ["domain"] = new JsonArray("corp.forge.internal") },
        });

        cloud.Clock.Advance(TimeSpan.FromSeconds(1));
        lock (machine.Gate)
        {
            Assert.Equal(("corp.forge.internal", "OU=Workstations"), (machine.Domain.Name, machine.Domain.OrganizationalUnit));
        }

        cloud.Clock.Advance(TimeSpan.FromSeconds(2));
        var done = await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine));
        Assert.Equal(("Success", "joined corp.forge.internal"), ((string)done["Status"]!, (string)done["StandardOutputContent"]!));
    }

    [Fact]
    public async Task A_document_without_a_handler_fails_with_response_code_1()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-Unimplemented", ["Content"] = SsmDocumentTests.Content });
        var machine = SsmMachines.Add(cloud, "Windows");
        var commandId = await Send(cloud, new JsonObject
        {
            ["DocumentName"] = "Forge-Unimplemented",
            ["InstanceIds"] = new JsonArray(machine.InstanceId),
            ["Parameters"] = new JsonObject { ["domain"] = new JsonArray("corp.forge.internal") },
        });

        cloud.Clock.Advance(TimeSpan.FromSeconds(3));
        var done = await cloud.CallAsync(Ssm, "GetCommandInvocation", Invocation(commandId, machine));

        Assert.Equal(("Failed", 1), ((string)done["Status"]!, (int)done["ResponseCode"]!));
        Assert.Contains("does not implement the document Forge-Unimplemented", (string)done["StandardErrorContent"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendCommand_checks_document_parameters_and_targets()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Ssm, "CreateDocument", new JsonObject { ["Name"] = "Forge-JoinDomain", ["Content"] = SsmDocumentTests.Content });
        var machine = SsmMachines.Add(cloud, "Windows");
        var linux = SsmMachines.Add(cloud, "Linux");
        JsonObject Join(JsonObject parameters, params string[] ids) => new()
        {
            ["DocumentName"] = "Forge-JoinDomain",
            ["InstanceIds"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]),
            ["Parameters"] = parameters,
        };

        Assert.Equal("InvalidParameters", (await cloud.ErrorAsync(Ssm, "SendCommand", Join(new JsonObject(), machine.InstanceId))).ErrorCode);
        Assert.Equal("InvalidParameters", (await cloud.ErrorAsync(Ssm, "SendCommand",
            Join(new JsonObject { ["domain"] = new JsonArray("d"), ["colour"] = new JsonArray("red") }, machine.InstanceId))).ErrorCode);
        Assert.Equal("InvalidParameters", (await cloud.ErrorAsync(Ssm, "SendCommand",
            Join(new JsonObject { ["domain"] = new JsonArray("d"), ["mode"] = new JsonArray("dance") }, machine.InstanceId))).ErrorCode);
        Assert.Equal("InvalidInstanceId", (await cloud.ErrorAsync(Ssm, "SendCommand",
            Join(new JsonObject { ["domain"] = new JsonArray("d") }, "mi-0123456789abcdef0"))).ErrorCode);
        Assert.Equal("DuplicateInstanceId", (await cloud.ErrorAsync(Ssm, "SendCommand",
            Join(new JsonObject { ["domain"] = new JsonArray("d") }, machine.InstanceId, machine.InstanceId))).ErrorCode);
        Assert.Equal("ValidationException", (await cloud.ErrorAsync(Ssm, "SendCommand",
            Join(new JsonObject { ["domain"] = new JsonArray("d") }, [.. Enumerable.Range(0, 51).Select(i => $"mi-{i:x17}")]))).ErrorCode);
        Assert.Equal("InvalidDocument", (await cloud.ErrorAsync(Ssm, "SendCommand", new JsonObject
        {
            ["DocumentName"] = "Forge-Nothing", ["InstanceIds"] = new JsonArray(machine.InstanceId),
        })).ErrorCode);
        Assert.Equal("UnsupportedPlatformType", (await cloud.ErrorAsync(Ssm, "SendCommand", Script(machine, "ls"))).ErrorCode);
        Assert.Equal("InvalidInstanceId", (await cloud.ErrorAsync(Ssm, "SendCommand", Script(linux, "ls"), "eu-west-1")).ErrorCode);
    }

    [Fact]
    public async Task Every_SendCommand_is_listed_with_its_parameters_on_the_control_surface()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var machine = SsmMachines.Add(cloud);
        var commandId = await Send(cloud, Script(machine, "echo one"));
        using var http = new HttpClient { BaseAddress = cloud.BaseAddress };

        var all = await http.GetFromJsonAsync<JsonObject>("/_localcloud/ssm/commands");
        var other = await http.GetFromJsonAsync<JsonObject>("/_localcloud/ssm/commands?region=eu-west-1");

        var sent = Assert.Single(all!["commands"]!.AsArray())!;
        Assert.Equal((commandId, "AWS-RunShellScript", "echo one"), ((string)sent["commandId"]!, (string)sent["documentName"]!, (string)sent["parameters"]!["commands"]![0]!));
        Assert.Empty(other!["commands"]!.AsArray());
    }

    private static JsonObject Script(Machine machine, params string[] commands) => new()
    {
        ["DocumentName"] = "AWS-RunShellScript",
        ["InstanceIds"] = new JsonArray(machine.InstanceId),
        ["Parameters"] = new JsonObject { ["commands"] = new JsonArray([.. commands.Select(c => (JsonNode)c)]) },
    };

    private static JsonObject Invocation(string commandId, Machine machine) =>
        new() { ["CommandId"] = commandId, ["InstanceId"] = machine.InstanceId };

    private static async Task<string> Send(LocalAwsHarness cloud, JsonObject input) =>
        (string)(await cloud.CallAsync(Ssm, "SendCommand", input))["Command"]!["CommandId"]!;

    private sealed class JoinHandler : IMachineDocumentHandler
    {
        public string DocumentName => "Forge-JoinDomain";

        public MachineDocumentResult Run(MachineDocumentInvocation invocation)
        {
            var domain = invocation.Parameters["domain"][0];
            lock (invocation.Machine.Gate)
            {
                invocation.Machine.Domain.Joined = true;
                invocation.Machine.Domain.Name = domain;
                invocation.Machine.Domain.OrganizationalUnit = invocation.Parameters["ou"][0];
            }

            return MachineDocumentResult.Success($"joined {domain}");
        }
    }
}
