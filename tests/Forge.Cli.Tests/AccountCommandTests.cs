using Forge.Api.Secrets;
using Forge.Aws;
using Forge.Aws.SecretsManager;

namespace Forge.Cli.Tests;

/// <summary><c>forge volumes</c>, <c>forge volumes delete</c> and <c>forge secrets</c>: what belongs to the signed-in user.</summary>
public sealed class AccountCommandTests : CliTestBase
{
    [Fact]
    public async Task Volumes_lists_the_users_volume_and_delete_is_confirmed_and_refused_while_mounted()
    {
        await LoginAsync();
        Golden.Match("volumes-none", await TranscriptAsync(["volumes"]));
        var created = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");
        Assert.True(created.ExitCode == 0, created.ToString());

        var volumes = (await RunAsync("volumes", "--output", "json")).Json;
        var volume = Assert.Single(volumes.EnumerateArray());
        Assert.Equal(CreatedId(created).ToString(), volume.GetProperty("mountedWorkspaceId").GetString());
        var volumeId = volume.GetProperty("id").GetString()!;
        Golden.Match("volumes", await TranscriptAsync(["volumes"], ["volumes", "delete", volumeId], ["volumes", "delete", volumeId, "--yes"]));
    }

    [Fact]
    public async Task Secrets_lists_names_and_scopes_of_what_the_user_receives_and_what_is_left_out_never_values()
    {
        var secrets = new SecretsManagerClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = LocalCloud.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        foreach (var (name, scope, env) in new[]
        {
            ("engineering-npm", "team:Engineering", "NPM_TOKEN"), ("alice-github", "user:alice", "GITHUB_TOKEN"),
            ("alice-path", "user:alice", "PATH"), ("sales-crm", "team:Sales", "CRM_KEY"),
        })
        {
            await secrets.CreateSecretAsync(new CreateSecretRequest
            {
                Name = name,
                SecretString = "s3cr3t-value-" + env,
                Tags = [new Tag { Key = SecretDefaults.ScopeTagKey, Value = scope }, new Tag { Key = SecretDefaults.EnvironmentTagKey, Value = env }],
            });
        }

        Clock.Advance(TimeSpan.FromSeconds(5)); // the local cloud's ListSecrets, like the real one, is eventually consistent
        await LoginAsync();

        var transcript = await TranscriptAsync(["secrets"], ["secrets", "--region", "eu-west-1"], ["secrets", "--region", "moon-1"]);

        Golden.Match("secrets", transcript);
        Assert.DoesNotContain("s3cr3t-value", transcript, StringComparison.Ordinal);
        var json = (await RunAsync("secrets", "-o", "json")).Json;
        Assert.Equal(["GITHUB_TOKEN", "NPM_TOKEN"], json.GetProperty("secrets").EnumerateArray().Select(s => s.GetProperty("environmentName").GetString()).Order());
    }
}
