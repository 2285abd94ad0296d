using Amazon.SimpleSystemsManagement.Model;
using Forge.Aws;
using Forge.Aws.Ssm;
using Forge.LocalCloud.Tests.SecretsManager;
using Microsoft.Extensions.DependencyInjection;
using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Tests.Workstation;

/// <summary>The service side's path: install the documents with Forge's SSM client, then run one.</summary>
public sealed class DocumentInstallTests
{
    [Fact]
    public async Task A_fresh_local_cloud_has_none_of_Forges_documents_until_Forge_installs_them()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();

        foreach (var name in ForgeDocuments.All.Keys)
        {
            var error = await cloud.ErrorAsync(AwsServices.Ssm, "DescribeDocument", new System.Text.Json.Nodes.JsonObject { ["Name"] = name });
            Assert.Equal("InvalidDocument", error.ErrorCode);
        }
    }

    [Fact]
    public async Task Forge_installs_its_documents_with_the_SDK_SSM_reports_the_shipped_hash_and_a_document_runs()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        using var ssm = new SsmClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = cloud.BaseAddress,
            AccessKeyId = LocalCloudDefaults.AccessKeyId,
            SecretAccessKey = LocalCloudDefaults.SecretAccessKey,
        }, TimeProvider.System));
        foreach (var document in ForgeDocuments.All.Values)
        {
            await ssm.CreateDocumentAsync(new CreateDocumentRequest
            {
                Name = document.Name, Content = document.Content, DocumentType = "Command", DocumentFormat = "JSON",
            }, "us-east-1");
        }

        var described = await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = ForgeDocuments.MountUserVolume.Name }, "us-east-1");
        var machine = new Machine("ws-install01", "mi-00000000000fade01", "us-east-1", "Linux", "WKSINSTALL") { Online = true };
        cloud.Services.GetRequiredService<MachineRegistry>().Add(machine);
        var sent = await ssm.SendCommandAsync(new SendCommandRequest
        {
            DocumentName = ForgeDocuments.ReportSecurityProfile.Name,
            InstanceIds = [machine.InstanceId],
        }, "us-east-1");
        cloud.Clock.Advance(TimeSpan.FromSeconds(5));
        var done = await ssm.GetCommandInvocationAsync(new GetCommandInvocationRequest
        {
            CommandId = sent.Command.CommandId, InstanceId = machine.InstanceId,
        }, "us-east-1");

        Assert.Equal(ForgeDocuments.Get(ForgeDocuments.MountUserVolume.Name).Sha256, described.Document.Hash);
        Assert.Equal(["JunctionPath", "MountPoint", "NfsDnsName", "OwnerDirectoryUser", "VolumeId"],
            described.Document.Parameters.Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(["Linux", "Windows"], described.Document.PlatformTypes.Where(p => p != "MacOS").Order(StringComparer.Ordinal));
        Assert.Equal(("Success", 0), (done.Status.Value, done.ResponseCode));
        Assert.StartsWith("{\"Clipboard\":\"Enabled\"", done.StandardOutputContent, StringComparison.Ordinal);
    }
}
