using System.Text.Json.Nodes;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.LocalCloud.Tests.Workstation;

public sealed class EnvironmentInjectionTests
{
    private static Dictionary<string, string[]> References(params string[] references) => new() { [Inject.SecretReferences] = references };

    [Fact]
    public async Task Secrets_are_resolved_on_the_machine_and_only_their_names_are_printed()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();
        var npm = await world.CreateSecretAsync("dev/npm-token", "npm_4f9c2d7e1a");
        var db = await world.CreateSecretAsync("dev/db-url", "postgres://app:s3cr3t@db/app");

        var run = await world.RunAsync(machine, Inject.Name, References($"NPM_TOKEN={npm}", $"DATABASE_URL={db}"));
        var environment = (await world.MachineViewAsync(machine))["environment"]!.AsObject();

        Assert.Equal(("Success", """{"injected":["NPM_TOKEN","DATABASE_URL"]}"""), (run.Status, run.Output.Trim()));
        Assert.Equal(("npm_4f9c2d7e1a", "postgres://app:s3cr3t@db/app"), ((string)environment["NPM_TOKEN"]!, (string)environment["DATABASE_URL"]!));
        await world.AssertNoSecretSentAsync("npm_4f9c2d7e1a", "s3cr3t");
    }

    [Fact]
    public async Task Injecting_again_after_a_rotation_updates_values_and_drops_names_no_longer_listed()
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine("Windows");
        var npm = await world.CreateSecretAsync("dev/npm-token", "npm_first");
        var db = await world.CreateSecretAsync("dev/db-url", "postgres://first");
        await world.RunAsync(machine, Inject.Name, References($"NPM_TOKEN={npm}", $"DATABASE_URL={db}"));

        await world.PutSecretValueAsync(npm, "npm_rotated");
        var before = (await world.MachineViewAsync(machine))["environment"]!.AsObject();
        var run = await world.RunAsync(machine, Inject.Name, References($"NPM_TOKEN={npm}"));
        var after = (await world.MachineViewAsync(machine))["environment"]!.AsObject();

        Assert.Equal("npm_first", (string)before["NPM_TOKEN"]!);
        Assert.Equal("Success", run.Status);
        Assert.Equal(["NPM_TOKEN"], after.Select(e => e.Key));
        Assert.Equal("npm_rotated", (string)after["NPM_TOKEN"]!);
        await world.AssertNoSecretSentAsync("npm_first", "npm_rotated", "postgres://first");
    }

    [Fact]
    public async Task An_unreadable_secret_fails_the_run_and_leaves_the_environment_as_it_was()
    {
        await using var world = await WorkstationWorld.StartAsync(null, "us-east-1", "eu-west-1");
        var machine = world.AddMachine();
        var npm = await world.CreateSecretAsync("dev/npm-token", "npm_kept");
        var foreign = await world.CreateSecretAsync("dev/other", "elsewhere", "eu-west-1");
        await world.RunAsync(machine, Inject.Name, References($"NPM_TOKEN={npm}"));

        var run = await world.RunAsync(machine, Inject.Name, References($"NPM_TOKEN={npm}", $"OTHER={foreign}"));
        var environment = (await world.MachineViewAsync(machine))["environment"]!.AsObject();

        Assert.Equal(("Failed", 1, "Forge-InjectEnvironment: could not read the secret for OTHER"), (run.Status, run.ResponseCode, run.Error));
        Assert.Equal("npm_kept", (string)environment["NPM_TOKEN"]!);
        Assert.False(environment.ContainsKey("OTHER"));
    }

    [Theory]
    [InlineData("NPM_TOKEN=npm_4f9c2d7e1a")]
    [InlineData("lower=arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf")]
    [InlineData("X=arn:aws:secretsmanager:us-east-1:000000000000:secret:x-AbCdEf\nreboot")]
    public async Task Anything_but_a_NAME_equals_secret_ARN_reference_is_refused_by_SSM(string reference)
    {
        await using var world = await WorkstationWorld.StartAsync();
        var machine = world.AddMachine();

        var error = await Assert.ThrowsAsync<Forge.Aws.AwsServiceException>(() => world.RunAsync(machine, Inject.Name, References(reference)));

        Assert.Equal("InvalidParameters", error.ErrorCode);
        var commands = JsonNode.Parse(await world.SentCommandsAsync())!["commands"]!.AsArray();
        Assert.Empty(commands);
    }
}
