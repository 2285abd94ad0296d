using System.Net;
using System.Text.Json.Nodes;
using Amazon.SimpleSystemsManagement.Model;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Forge.Aws.Ssm;

namespace Forge.Api.Tests.Workstation;

/// <summary>
/// Every command runs exactly the document version Forge installed: an older Forge's documents are in
/// the account (version 1), this Forge installs its own content as version 2, and every command of
/// every transition after that (provision, on-demand sync, a secret injection, stop, start, reboot,
/// terminate) names version 2 (never 1, never none).
/// </summary>
public sealed class DocumentVersionTests : UserDataTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task After_a_document_update_every_transition_runs_the_new_version()
    {
        using (var ssm = new SsmClient(CloudClients()))
        {
            foreach (var document in ForgeDocuments.All.Values)
            {
                var older = JsonNode.Parse(document.Content)!;
                older["description"] = "An older Forge's " + document.Name;
                await ssm.CreateDocumentAsync(new CreateDocumentRequest
                {
                    Name = document.Name, Content = older.ToJsonString(), DocumentType = "Command", DocumentFormat = "JSON",
                }, "us-east-1");
            }
        }

        var forge = StartForgeWithLogs();
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        Assert.Equal(HttpStatusCode.Accepted, (await alice.PostAsync($"/api/v1/workspaces/{ready.Id}/dotfiles/sync", null)).StatusCode);
        await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id),
            w => w.Steps.Any(s => s.Name == StepNames.PersistDotfiles && s.Status != StepStatus.Running), TimeSpan.FromSeconds(1));
        await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);
        await TransitionAsync(alice, ready.Id, "start", WorkspaceStatus.Ready);
        await TransitionAsync(alice, ready.Id, "reboot", WorkspaceStatus.Ready);
        await TerminateAsync(alice, ready.Id);

        var sent = Cloud.CommandsSent;
        Assert.Equal(ForgeDocuments.All.Keys.Order(StringComparer.Ordinal), sent.Select(c => c.Document).Distinct().Order(StringComparer.Ordinal));
        Assert.All(sent, c => Assert.True(c.Version == "2", $"{c.Document} named version {c.Version ?? "(none)"}"));
        Assert.True(sent.Count(c => c.Document == ForgeDocuments.SyncDotfiles.Name) >= 5, "apply twice, persist on demand, on stop and on terminate");
    }
}
