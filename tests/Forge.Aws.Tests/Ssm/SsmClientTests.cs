using System.Net;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Aws.Tests.SecretsManager;
using Forge.LocalCloud.Faults;
using Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Aws.Tests.Ssm;

public sealed class SsmClientTests
{
    private const string Document = """
        {"schemaVersion":"2.2","description":"Test","parameters":{"message":{"type":"String"}},
         "mainSteps":[{"action":"aws:runShellScript","name":"say","inputs":{"runCommand":["echo {{ message }}"]}}]}
        """;

    [Fact]
    public async Task Documents_are_created_updated_and_described_through_the_sdk()
    {
        await using var world = await LocalCloudClients.StartAsync();
        var created = await world.Ssm.CreateDocumentAsync(new CreateDocumentRequest { Name = "Forge-Say", Content = Document, DocumentType = "Command" });
        await world.Ssm.UpdateDocumentAsync(new UpdateDocumentRequest
        {
            Name = "Forge-Say", Content = Document.Replace("Test", "Test 2", StringComparison.Ordinal), DocumentVersion = "$LATEST",
        });
        var described = await world.Ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = "Forge-Say", DocumentVersion = "$LATEST" });

        Assert.Equal("1", created.DocumentDescription.DocumentVersion);
        Assert.Equal(("2", "2", "1"), (described.Document.DocumentVersion, described.Document.LatestVersion, described.Document.DefaultVersion));
        Assert.Equal("message", Assert.Single(described.Document.Parameters).Name);
        Assert.Equal("Active", described.Document.Status.Value);
    }

    [Fact]
    public async Task A_command_runs_and_its_invocation_is_read_after_the_consistency_delay()
    {
        await using var world = await LocalCloudClients.StartAsync();
        var machine = AddMachine(world, 1);
        var sent = await world.Ssm.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = [machine.InstanceId],
            Parameters = new Dictionary<string, List<string>> { ["commands"] = ["echo hi"] },
        });

        var early = await Assert.ThrowsAsync<AwsServiceException>(() => world.Ssm.GetCommandInvocationAsync(
            new GetCommandInvocationRequest { CommandId = sent.Command.CommandId, InstanceId = machine.InstanceId }));
        world.Clock.Advance(TimeSpan.FromSeconds(3));
        var done = await world.Ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest { CommandId = sent.Command.CommandId, InstanceId = machine.InstanceId });

        Assert.Equal(("InvocationDoesNotExist", false), (early.ErrorCode, early.IsTransient));
        Assert.Equal("Pending", sent.Command.Status.Value);
        Assert.Equal(("Success", 0), (done.Status.Value, done.ResponseCode));
        Assert.NotEmpty(done.ExecutionEndDateTime);
    }

    [Fact]
    public async Task Managed_nodes_page_through_the_helper()
    {
        await using var world = await LocalCloudClients.StartAsync();
        var ids = Enumerable.Range(1, 7).Select(n => AddMachine(world, n).InstanceId).ToList();

        var seen = new List<string>();
        await foreach (var node in world.Ssm.DescribeAllInstanceInformationAsync(new DescribeInstanceInformationRequest { MaxResults = 5 }))
        {
            seen.Add(node.InstanceId);
            Assert.Equal("Online", node.PingStatus.Value);
        }

        Assert.Equal(ids, seen);
    }

    [Fact]
    public async Task Sdk_errors_map_to_AwsServiceException_with_code_status_and_request_id()
    {
        await using var world = await LocalCloudClients.StartAsync();

        var error = await Assert.ThrowsAsync<AwsServiceException>(() => world.Ssm.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = "AWS-RunShellScript",
            InstanceIds = ["mi-0123456789abcdef0"],
            Parameters = new Dictionary<string, List<string>> { ["commands"] = ["true"] },
        }));

        Assert.Equal(("ssm", "SendCommand", "InvalidInstanceId"), (error.Service, error.Operation, error.ErrorCode));
        Assert.Equal((HttpStatusCode.BadRequest, false), (error.StatusCode, error.IsTransient));
        Assert.False(string.IsNullOrEmpty(error.RequestId));
    }

    [Fact]
    public async Task The_sdk_makes_one_attempt_and_Forges_pipeline_does_the_retrying()
    {
        // Two throttles and one Forge retry: had the SDK retried on its own, the call would succeed.
        await using var world = await LocalCloudClients.StartAsync(options => options.Faults.Add(new FaultRule
        {
            Service = "ssm", Operation = "DescribeDocument", ErrorCode = "ThrottlingException", Remaining = 3,
        }));
        var request = new DescribeDocumentRequest { Name = "AWS-RunShellScript" };

        var throttled = await Assert.ThrowsAsync<AwsServiceException>(() => world.RunAsync(() => world.Ssm.DescribeDocumentAsync(request)));
        var retried = await world.RunAsync(() => world.Ssm.DescribeDocumentAsync(request));

        Assert.Equal(("ThrottlingException", true), (throttled.ErrorCode, throttled.IsTransient));
        Assert.Equal("AWS-RunShellScript", retried.Document.Name);
    }

    [Fact]
    public async Task The_sdks_requests_pass_Forges_handler_chain_and_are_judged_by_the_model()
    {
        await using var world = await LocalCloudClients.StartAsync();

        await world.Ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = "AWS-RunShellScript" });
        var sentBefore = world.Host.Conformance.Sent;
        // CommandId is exactly 36 characters in the model (a dashed GUID); the SDK sends 32 undashed ones unchecked.
        var undashed = Guid.NewGuid().ToString("N");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => world.Ssm.GetCommandInvocationAsync(
            new GetCommandInvocationRequest { CommandId = undashed, InstanceId = "mi-0123456789abcdef0" }));

        Assert.Equal((1, 2), (sentBefore, world.Host.Conformance.Sent));
        var violation = Assert.Single(world.Host.Conformance.TakeViolations());
        Assert.Equal(("ssm", "GetCommandInvocation", "CommandId"), (violation.Service, violation.Operation, violation.Violation.Path));
        Assert.Equal("ssm", error.Service);
    }

    private static Machine AddMachine(LocalCloudClients world, int n)
    {
        var machine = new Machine($"ws-client{n:d4}", $"mi-{0xc0000 + n:x17}", "us-east-1", "Linux", $"DEV{n:d4}") { Online = true };
        world.Cloud.Services.GetRequiredService<MachineRegistry>().Add(machine);
        return machine;
    }
}
