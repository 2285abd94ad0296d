using System.Net;
using System.Net.Http.Json;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Api.Tests.Support;
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
    public async Task A_region_that_fails_is_retried_while_the_others_are_set_up()
    {
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var fault = new { faults = new[] { new { service = "ssm", operation = "DescribeDocument", errorCode = "AccessDeniedException", statusCode = 400, remaining = 3 } } };
        Assert.Equal(HttpStatusCode.OK, (await control.PutAsJsonAsync("/_localcloud/faults", fault)).StatusCode);
        using var ssm = new SsmClient(CloudClients());

        StartForge();

        await Eventually.UntilAsync(Clock, () => AllInstalledAsync(ssm), installed => installed, TimeSpan.FromSeconds(5));
    }

    private static async Task<bool> AllInstalledAsync(SsmClient ssm)
    {
        foreach (var region in Enabled)
        {
            foreach (var document in ForgeDocuments.All.Values)
            {
                try
                {
                    var described = await ssm.DescribeDocumentAsync(new DescribeDocumentRequest { Name = document.Name, DocumentVersion = "$LATEST" }, region);
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
