using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Api.Workstation;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Forge.Aws.Ssm;

namespace Forge.Api.Tests.Workspaces;

/// <summary>Forge's SSM documents at start: installed in every enabled region, brought up to date, one region's failure retried.</summary>
public sealed class WorkstationSetupTests : ForgeTestBase
{
    private static readonly string[] Enabled = ["ap-northeast-1", "ap-southeast-2", "eu-central-1", "eu-west-1", "us-east-1", "us-west-2"];

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Documents_are_installed_in_every_enabled_region_and_an_outdated_one_is_updated()
    {
        using var ssm = new SsmClient(CloudClients());
        var join = ForgeDocuments.Get(ForgeDocuments.JoinDomain.Name);
        var outdated = join.Content.Replace("Joins the workstation", "Joined the workstation", StringComparison.Ordinal);
        await ssm.CreateDocumentAsync(new CreateDocumentRequest { Name = join.Name, Content = outdated, DocumentType = "Command", DocumentFormat = "JSON" }, "eu-west-1");

        StartForge();

        await Eventually.UntilAsync(Clock, () => AllInstalledAsync(ssm), installed => installed, TimeSpan.FromSeconds(5));
        var described = await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = join.Name, DocumentVersion = "$LATEST" }, "eu-west-1");
        Assert.Equal(join.Sha256, described.Document.Hash);
        Assert.Equal("2", described.Document.LatestVersion);
    }

    [Fact]
    public async Task A_default_version_someone_else_set_is_replaced_by_Forges_and_commands_run_Forges_content()
    {
        using var ssm = new SsmClient(CloudClients());
        var join = ForgeDocuments.Get(ForgeDocuments.JoinDomain.Name);
        await CreateAsync(ssm, join.Content, join.Name);
        var theirs = await UpdateAsync(ssm, join.Name, Changed(join));
        await ssm.UpdateDocumentDefaultVersionAsync(new UpdateDocumentDefaultVersionRequest { Name = join.Name, DocumentVersion = theirs }, Region);

        var app = StartForge();

        await Eventually.UntilAsync(Clock, () => AllInstalledAsync(ssm), installed => installed, TimeSpan.FromSeconds(5));
        var byDefault = (await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = join.Name }, Region)).Document;
        Assert.Equal((join.Sha256, "1"), (byDefault.Hash, byDefault.DefaultVersion));
        Assert.Equal(join.Sha256, await HashOfVersionRunAsync(ssm, app, join.Name));
    }

    [Fact]
    public async Task A_latest_version_someone_else_added_is_replaced_and_commands_name_the_version_Forge_installed()
    {
        using var ssm = new SsmClient(CloudClients());
        var apply = ForgeDocuments.Get(ForgeDocuments.ApplySecurityProfile.Name);
        await CreateAsync(ssm, apply.Content, apply.Name);
        await UpdateAsync(ssm, apply.Name, Changed(apply));

        var app = StartForge();

        await Eventually.UntilAsync(Clock, () => AllInstalledAsync(ssm), installed => installed, TimeSpan.FromSeconds(5));
        var byDefault = (await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = apply.Name }, Region)).Document;
        Assert.Equal(apply.Sha256, byDefault.Hash);
        Assert.Equal(apply.Sha256, await HashOfVersionRunAsync(ssm, app, apply.Name));

        // Someone changes it again while Forge runs: Forge's commands still name Forge's version.
        var again = await UpdateAsync(ssm, apply.Name, Changed(apply).Replace("Applies", "Applied again", StringComparison.Ordinal));
        await ssm.UpdateDocumentDefaultVersionAsync(new UpdateDocumentDefaultVersionRequest { Name = apply.Name, DocumentVersion = again }, Region);
        Assert.Equal(apply.Sha256, await HashOfVersionRunAsync(ssm, app, apply.Name));
    }

    [Fact]
    public async Task A_region_that_fails_is_retried_while_the_others_are_set_up()
    {
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var fault = new { faults = new[] { new { service = "ssm", operation = "DescribeDocument", errorCode = "AccessDeniedException", statusCode = 400, remaining = 3 } } };
        Assert.Equal(HttpStatusCode.OK, (await control.PutAsJsonAsync("/_localcloud/faults", fault)).StatusCode);
        using var ssm = new SsmClient(CloudClients());

        StartForge();

        await Eventually.UntilAsync(Clock, () => AllInstalledAsync(ssm), installed => installed, TimeSpan.FromSeconds(5));
    }

    private const string Region = "us-east-1";

    private static string Changed(ForgeDocument document) =>
        document.Content.Replace("\"description\": \"", "\"description\": \"Changed by someone else. ", StringComparison.Ordinal);

    private static async Task CreateAsync(SsmClient ssm, string content, string name) =>
        await ssm.CreateDocumentAsync(new CreateDocumentRequest { Name = name, Content = content, DocumentType = "Command", DocumentFormat = "JSON" }, Region);

    private static async Task<string> UpdateAsync(SsmClient ssm, string name, string content) =>
        (await ssm.UpdateDocumentAsync(new UpdateDocumentRequest { Name = name, Content = content, DocumentFormat = "JSON", DocumentVersion = "$LATEST" }, Region))
            .DocumentDescription.DocumentVersion;

    /// <summary>Builds a workstation through the API and answers the content hash of the version of <paramref name="document"/> its last command ran.</summary>
    private async Task<string> HashOfVersionRunAsync(SsmClient ssm, ForgeApp app, string document)
    {
        var alice = await app.ClientForAsync("alice", directoryUser: "CORP-alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        var ready = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(id), w => w.Status is WorkspaceStatus.Ready or WorkspaceStatus.Failed, TimeSpan.FromSeconds(15));
        Assert.Equal((WorkspaceStatus.Ready, Region), (ready.Status, ready.Region.Name));
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var commands = (await control.GetFromJsonAsync<JsonElement>($"/_localcloud/ssm/commands?region={Region}")).GetProperty("commands");
        var ran = commands.EnumerateArray().Last(c => c.GetProperty("documentName").GetString() == document).GetProperty("documentVersion").GetString();
        return (await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = document, DocumentVersion = ran }, Region)).Document.Hash;
    }

    private static async Task<bool> AllInstalledAsync(SsmClient ssm)
    {
        foreach (var region in Enabled)
        {
            foreach (var document in ForgeDocuments.All.Values)
            {
                try
                {
                    var described = await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = document.Name, DocumentVersion = "$DEFAULT" }, region);
                    if (described.Document.Hash != document.Sha256)
                    {
                        return false;
                    }
                }
                catch (Forge.Aws.AwsServiceException)
                {
                    return false;
                }
            }
        }

        return true;
    }
}
