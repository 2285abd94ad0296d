using System.Text.Json.Nodes;
using Forge.Aws;

namespace Forge.LocalCloud.Tests.SecretsManager;

public sealed class SecretRotationTests
{
    private static readonly AwsService Sm = AwsServices.SecretsManager;

    [Fact]
    public async Task Rotating_a_json_secret_replaces_the_password_keeps_other_keys_and_moves_the_stages()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var original = """{"username":"forge","password":"old-password-123"}""";
        var v1 = (string)(await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "db", ["SecretString"] = original }))["VersionId"]!;

        var rotated = await cloud.CallAsync(Sm, "RotateSecret", new JsonObject
        {
            ["SecretId"] = "db",
            ["RotationRules"] = new JsonObject { ["AutomaticallyAfterDays"] = 30 },
        });

        var v2 = (string)rotated["VersionId"]!;
        Assert.True(SecretVersionTests.IsUuid(v2));
        var current = JsonNode.Parse((string)(await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "db" }))["SecretString"]!)!;
        Assert.Equal("forge", (string)current["username"]!);
        Assert.NotEqual("old-password-123", (string)current["password"]!);
        Assert.Equal("old-password-123".Length, ((string)current["password"]!).Length);

        var described = await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "db" });
        Assert.True((bool)described["RotationEnabled"]!);
        Assert.Equal(30, (long)described["RotationRules"]!["AutomaticallyAfterDays"]!);
        var now = cloud.Clock.GetUtcNow().ToUnixTimeMilliseconds() / 1000d;
        Assert.Equal(now, (double)described["LastRotatedDate"]!, 3);
        Assert.Equal(now + (30 * 86400), (double)described["NextRotationDate"]!, 3);
        var stages = described["VersionIdsToStages"]!.AsObject();
        Assert.Equal(["AWSCURRENT"], stages[v2]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["AWSPREVIOUS"], stages[v1]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Rotating_a_plain_string_regenerates_it_and_rotation_never_configured_is_absent()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "token", ["SecretString"] = "plain-token-value" });
        Assert.Null((await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "token" }))["RotationEnabled"]);

        await cloud.CallAsync(Sm, "RotateSecret", new JsonObject { ["SecretId"] = "token" });

        var value = (string)(await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "token" }))["SecretString"]!;
        Assert.NotEqual("plain-token-value", value);
        Assert.Equal("plain-token-value".Length, value.Length);
    }

    [Fact]
    public async Task RotateImmediately_false_configures_rotation_without_a_new_version()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "value" });

        var answer = await cloud.CallAsync(Sm, "RotateSecret", new JsonObject
        {
            ["SecretId"] = "s",
            ["RotateImmediately"] = false,
            ["RotationRules"] = new JsonObject { ["ScheduleExpression"] = "rate(10 days)" },
        });

        Assert.Null(answer["VersionId"]);
        var described = await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "s" });
        Assert.Single(described["VersionIdsToStages"]!.AsObject());
        Assert.True((bool)described["RotationEnabled"]!);
        Assert.Null(described["LastRotatedDate"]);
        Assert.Equal(cloud.Clock.GetUtcNow().AddDays(10).ToUnixTimeMilliseconds() / 1000d, (double)described["NextRotationDate"]!, 3);
    }

    [Fact]
    public async Task A_rotation_is_refused_while_AWSPENDING_sits_on_a_version_that_is_not_current()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "value" });
        await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject
        {
            ["SecretId"] = "s",
            ["SecretString"] = "pending-value",
            ["VersionStages"] = new JsonArray("AWSPENDING"),
        });

        var error = await cloud.ErrorAsync(Sm, "RotateSecret", new JsonObject { ["SecretId"] = "s" });

        Assert.Equal("InvalidRequestException", error.ErrorCode);
        Assert.Equal("value", (string)(await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s" }))["SecretString"]!);
    }

    [Fact]
    public async Task Rotating_again_with_the_same_token_is_the_same_rotation()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "value" });
        var token = Guid.NewGuid().ToString();

        await cloud.CallAsync(Sm, "RotateSecret", new JsonObject { ["SecretId"] = "s", ["ClientRequestToken"] = token });
        var afterFirst = (string)(await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s" }))["SecretString"]!;
        var again = await cloud.CallAsync(Sm, "RotateSecret", new JsonObject { ["SecretId"] = "s", ["ClientRequestToken"] = token });

        Assert.Equal(token, (string)again["VersionId"]!);
        Assert.Equal(afterFirst, (string)(await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s" }))["SecretString"]!);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "RotateSecret",
            new JsonObject { ["SecretId"] = "s", ["RotationRules"] = new JsonObject { ["AutomaticallyAfterDays"] = 0 } })).ErrorCode);
    }
}
