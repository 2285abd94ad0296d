using Forge.Api.Secrets;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.SecretsManager;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Forge.Portal.Tests;

/// <summary>A developer's volumes and the names of the secrets they would receive, as the API lists them; never a value.</summary>
public sealed class DeveloperPagesTests(ITestOutputHelper output) : PortalTestBase(output)
{
    [Fact]
    public async Task A_developer_sees_their_volume_and_the_names_and_scopes_of_their_secrets_but_no_value()
    {
        StartPortal();
        var secrets = new SecretsManagerClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        foreach (var (name, scope, variable) in new[] { ("alice-npm", "user:alice", "NPM_TOKEN"), ("eng-db", "team:Engineering", "DB_PASSWORD"), ("bad", "user:alice", "PATH") })
        {
            await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = name,
                SecretString = "value-of-" + name,
                Tags = [new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = variable }, new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope }],
            });
        }

        var api = await ApiAsync("alice");
        var id = (await api.CreateWorkspaceAsync()).Id;
        await DriveUntilAsync(() => api.GetWorkspaceAsync(id), w => w.Status == WorkspaceStatus.Ready);
        var page = await NewPageAsync();
        await SignInAsync(page, "alice", "Engineering", "developer");

        await page.GetByRole(AriaRole.Link, new() { Name = "Volumes" }).ClickAsync();
        var volume = page.Locator("tbody tr");
        await Expect(volume).ToHaveCountAsync(1);
        await Expect(volume).ToContainTextAsync("us-east-1");
        await Expect(volume.GetByRole(AriaRole.Link, new() { Name = $"workstation {id.ToString("N")[^8..]}" })).ToHaveAttributeAsync("href", $"/workspaces/{id}");
        await AssertAccessibleAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Secrets" }).ClickAsync();
        var received = page.Locator("tbody tr");
        await Expect(received).ToHaveCountAsync(2);
        await Expect(received.Filter(new() { HasText = "NPM_TOKEN" })).ToContainTextAsync("user:alice");
        await Expect(received.Filter(new() { HasText = "DB_PASSWORD" })).ToContainTextAsync("team:Engineering");
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "PATH" })).ToContainTextAsync("bad");
        Assert.DoesNotContain("value-of-", await page.ContentAsync(), StringComparison.Ordinal);
        await AssertAccessibleAsync(page);
    }
}
