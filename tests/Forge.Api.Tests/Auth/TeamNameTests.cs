using System.Net;
using System.Net.Http.Json;
using Forge.Api.Secrets;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Aws;
using Forge.Aws.SecretsManager;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// A team is one exact string of the teams claim (an array of strings, or one string for one team):
/// never split on spaces or commas, compared ordinally (case and unicode as given), for workspace
/// visibility, workspace actions and secret scopes alike.
/// </summary>
public abstract class TeamNameTests : ForgeTestBase
{
    [Fact]
    public async Task A_team_lead_sees_and_acts_on_her_exact_teams_only()
    {
        var app = StartForge();
        var engineering = await (await app.ClientForAsync("erin", ["Engineering"])).CreateWorkspaceAsync();
        var platform = await (await app.ClientForAsync("paul", ["Platform Engineering"])).CreateWorkspaceAsync();
        var upperPayments = await (await app.ClientForAsync("pia", ["Payments"])).CreateWorkspaceAsync();
        var lowerPayments = await (await app.ClientForAsync("pete", ["payments"])).CreateWorkspaceAsync();
        var commaTeam = await (await app.ClientForAsync("cora", ["a,b"])).CreateWorkspaceAsync();
        var teamA = await (await app.ClientForAsync("abe", ["a"])).CreateWorkspaceAsync();
        var unicode = await (await app.ClientForAsync("zoë", ["Zahlungsverkehr Ü"])).CreateWorkspaceAsync();
        var unicodeFolded = await (await app.ClientForAsync("zed", ["zahlungsverkehr ü"])).CreateWorkspaceAsync();

        var platformLead = await app.ClientForAsync("lena", ["Platform Engineering"], [Roles.TeamLead]);
        Assert.Equal([platform.Id], (await platformLead.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Equal(platform.Id, (await platformLead.GetWorkspaceAsync(platform.Id)).Id);
        Assert.Equal(HttpStatusCode.NotFound, (await platformLead.GetAsync($"/api/v1/workspaces/{engineering.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platformLead.PutAsJsonAsync($"/api/v1/workspaces/{engineering.Id}/keep-alive", new { enabled = true })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platformLead.PostAsync($"/api/v1/workspaces/{engineering.Id}/stop", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await platformLead.DeleteAsync($"/api/v1/workspaces/{engineering.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await platformLead.PutAsJsonAsync($"/api/v1/workspaces/{platform.Id}/keep-alive", new { enabled = true })).StatusCode);

        var paymentsLead = await app.ClientForAsync("lou", ["payments"], [Roles.TeamLead]);
        Assert.Equal([lowerPayments.Id], (await paymentsLead.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await paymentsLead.GetAsync($"/api/v1/workspaces/{upperPayments.Id}")).StatusCode);

        var commaLead = await app.ClientForAsync("carl", ["a,b"], [Roles.TeamLead]);
        Assert.Equal([commaTeam.Id], (await commaLead.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await commaLead.DeleteAsync($"/api/v1/workspaces/{teamA.Id}")).StatusCode);

        var unicodeLead = await app.ClientForAsync("ute", ["Zahlungsverkehr Ü"], [Roles.TeamLead]);
        Assert.Equal([unicode.Id], (await unicodeLead.ListWorkspacesAsync()).Select(w => w.Id));
        Assert.Equal(HttpStatusCode.NotFound, (await unicodeLead.GetAsync($"/api/v1/workspaces/{unicodeFolded.Id}")).StatusCode);
    }

    [Fact]
    public async Task Secret_scopes_match_exact_team_names()
    {
        var app = StartForge();
        var secrets = new SecretsManagerClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        foreach (var (name, scope, env) in new[]
        {
            ("engineering", "team:Engineering", "ENGINEERING_KEY"),
            ("platform", "team:Platform", "PLATFORM_KEY"),
            ("platform-engineering", "team:Platform Engineering", "PLATFORM_ENGINEERING_KEY"),
            ("payments-upper", "team:Payments", "UPPER_PAYMENTS_KEY"),
            ("payments-lower", "team:payments", "LOWER_PAYMENTS_KEY"),
            ("unicode", "team:Zahlungsverkehr Ü", "UNICODE_KEY"),
            ("unicode-folded", "team:zahlungsverkehr ü", "FOLDED_UNICODE_KEY"),
        })
        {
            await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = name,
                SecretString = "value-of-" + name,
                Tags = [new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope }, new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = env }],
            });
        }

        Clock.Advance(TimeSpan.FromSeconds(5)); // ListSecrets is eventually consistent

        Assert.Equal(["PLATFORM_ENGINEERING_KEY"], await VariablesAsync(await app.ClientForAsync("lena", ["Platform Engineering"], [Roles.TeamLead])));
        Assert.Equal(["LOWER_PAYMENTS_KEY"], await VariablesAsync(await app.ClientForAsync("pete", ["payments"])));
        Assert.Equal(["UNICODE_KEY"], await VariablesAsync(await app.ClientForAsync("zoë", ["Zahlungsverkehr Ü"])));
        Assert.Equal(["ENGINEERING_KEY", "UPPER_PAYMENTS_KEY"], await VariablesAsync(await app.ClientForAsync("max", ["Payments", "Engineering"])));
    }

    private static async Task<List<string>> VariablesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<SecretListView>("/api/v1/secrets", ApiClient.Json))!.Secrets.Select(s => s.EnvironmentName).Order(StringComparer.Ordinal)];
}

public sealed class TeamNameTestsOnSqlite : TeamNameTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class TeamNameTestsOnPostgres : TeamNameTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
