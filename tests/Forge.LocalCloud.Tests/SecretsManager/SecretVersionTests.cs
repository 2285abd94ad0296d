using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.Aws;
using Forge.LocalCloud.SecretsManager;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.LocalCloud.Tests.SecretsManager;

public sealed class SecretVersionTests
{
    private static readonly AwsService Sm = AwsServices.SecretsManager;

    [Fact]
    public async Task A_created_secret_has_an_arn_with_six_random_characters_and_an_AWSCURRENT_version()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var created = await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "forge/db", ["SecretString"] = "s3cret-value" });

        Assert.Matches(@"^arn:aws:secretsmanager:us-east-1:000000000000:secret:forge/db-[A-Za-z0-9]{6}$", (string)created["ARN"]!);
        var value = await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = (string)created["ARN"]! });
        Assert.Equal("s3cret-value", (string)value["SecretString"]!);
        Assert.Equal((string)created["VersionId"]!, (string)value["VersionId"]!);
        Assert.Equal(["AWSCURRENT"], value["VersionStages"]!.AsArray().Select(s => (string)s!));
        var partialArn = ((string)created["ARN"]!)[..^7];
        var byPartial = await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = partialArn });
        Assert.Equal("s3cret-value", (string)byPartial["SecretString"]!);
    }

    [Fact]
    public async Task PutSecretValue_moves_AWSCURRENT_and_AWSPREVIOUS()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var v1 = (string)(await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "one" }))["VersionId"]!;
        var v2 = (string)(await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "two" }))["VersionId"]!;
        var third = await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "three" });
        var v3 = (string)third["VersionId"]!;

        Assert.Equal(["AWSCURRENT"], third["VersionStages"]!.AsArray().Select(s => (string)s!));
        var stages = (await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "s" }))["VersionIdsToStages"]!.AsObject();
        Assert.Equal(2, stages.Count);
        Assert.Equal(["AWSCURRENT"], stages[v3]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["AWSPREVIOUS"], stages[v2]!.AsArray().Select(s => (string)s!));
        Assert.False(stages.ContainsKey(v1));
        var previous = await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s", ["VersionStage"] = "AWSPREVIOUS" });
        Assert.Equal("two", (string)previous["SecretString"]!);
        var old = await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s", ["VersionId"] = v1 });
        Assert.Equal("one", (string)old["SecretString"]!);
        Assert.Empty(old["VersionStages"]!.AsArray());
    }

    [Fact]
    public async Task A_repeated_token_with_the_same_value_is_the_same_version_and_with_another_value_is_refused()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "one" });
        var token = Guid.NewGuid().ToString();
        var first = await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "two", ["ClientRequestToken"] = token });
        var again = await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "two", ["ClientRequestToken"] = token });

        Assert.Equal(token, (string)first["VersionId"]!);
        Assert.Equal(token, (string)again["VersionId"]!);
        var stages = (await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "s" }))["VersionIdsToStages"]!.AsObject();
        Assert.Equal(2, stages.Count);

        var error = await cloud.ErrorAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "other-value", ["ClientRequestToken"] = token });
        Assert.Equal("ResourceExistsException", error.ErrorCode);
        Assert.DoesNotContain("other-value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_names_duplicates_and_missing_secrets_answer_the_models_errors_without_values()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "v" });

        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "bad name!" })).ErrorCode);
        Assert.Equal("ResourceExistsException", (await cloud.ErrorAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s" })).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await cloud.ErrorAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "nope" })).ErrorCode);
        Assert.Equal("ResourceNotFoundException", (await cloud.ErrorAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s", ["VersionStage"] = "AWSPENDING" })).ErrorCode);
        var both = await cloud.ErrorAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = "s", ["SecretString"] = "hunter2", ["SecretBinary"] = "aHVudGVyMg==" });
        Assert.Equal("InvalidParameterException", both.ErrorCode);
        Assert.DoesNotContain("hunter2", both.Message, StringComparison.Ordinal);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "DescribeSecret", new JsonObject())).ErrorCode);
    }

    [Fact]
    public async Task LastAccessedDate_is_absent_until_read_and_then_only_a_date()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "v" });
        Assert.Null((await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "s" }))["LastAccessedDate"]);

        await cloud.CallAsync(Sm, "GetSecretValue", new JsonObject { ["SecretId"] = "s" });
        var accessed = DateTimeOffset.FromUnixTimeMilliseconds((long)((double)(await cloud.CallAsync(Sm, "DescribeSecret",
            new JsonObject { ["SecretId"] = "s" }))["LastAccessedDate"]! * 1000));

        Assert.Equal(cloud.Clock.GetUtcNow().UtcDateTime.Date, accessed.UtcDateTime);
    }

    [Fact]
    public async Task The_secret_store_gives_the_current_value_by_name_or_arn()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var arn = (string)(await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["SecretString"] = "v1" }, "eu-west-1"))["ARN"]!;
        await cloud.CallAsync(Sm, "PutSecretValue", new JsonObject { ["SecretId"] = arn, ["SecretString"] = "v2" }, "eu-west-1");
        var store = cloud.Services.GetRequiredService<SecretStore>();

        Assert.Equal("v2", store.GetCurrentSecretString("eu-west-1", "s"));
        Assert.Equal("v2", store.GetCurrentSecretString("eu-west-1", arn));
        Assert.Null(store.GetCurrentSecretString("us-east-1", "s"));
    }

    [Fact]
    public async Task Tags_are_merged_by_key()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "s", ["Tags"] = new JsonArray(Tag("team", "a")) });
        await cloud.CallAsync(Sm, "TagResource", new JsonObject { ["SecretId"] = "s", ["Tags"] = new JsonArray(Tag("team", "b"), Tag("env", "dev")) });

        var tags = (await cloud.CallAsync(Sm, "DescribeSecret", new JsonObject { ["SecretId"] = "s" }))["Tags"]!.AsArray();
        Assert.Equal(["team=b", "env=dev"], tags.Select(t => $"{t!["Key"]}={t["Value"]}"));
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "TagResource",
            new JsonObject { ["SecretId"] = "s", ["Tags"] = new JsonArray(Tag("aws:x", "y")) })).ErrorCode);
    }

    internal static JsonObject Tag(string key, string value) => new() { ["Key"] = key, ["Value"] = value };

    internal static bool IsUuid(string value) => Regex.IsMatch(value, "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$");
}
