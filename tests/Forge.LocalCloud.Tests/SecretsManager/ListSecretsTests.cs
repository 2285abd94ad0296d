using System.Text.Json.Nodes;
using Forge.Aws;

namespace Forge.LocalCloud.Tests.SecretsManager;

public sealed class ListSecretsTests
{
    private static readonly AwsService Sm = AwsServices.SecretsManager;

    private static async Task<LocalAwsHarness> WorldAsync()
    {
        var cloud = await LocalAwsHarness.StartAsync();
        await Create(cloud, "forge/alice", "Alice's dotfiles token", ("owner", "alice"), ("kind", "token"));
        await Create(cloud, "forge/bob", "Bob's password", ("owner", "bob"));
        await Create(cloud, "other/carol", null, ("team", "platform"));
        cloud.Clock.Advance(TimeSpan.FromSeconds(5));
        return cloud;
    }

    [Fact]
    public async Task New_secrets_show_up_in_the_list_only_after_the_consistency_delay()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        await Create(cloud, "fresh", null);
        Assert.Empty(await Names(cloud, new JsonObject()));

        cloud.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(["fresh"], await Names(cloud, new JsonObject()));
    }

    [Theory]
    [InlineData("name", "forge/", "forge/alice,forge/bob")]
    [InlineData("name", "!forge/", "other/carol")]
    [InlineData("tag-key", "own", "forge/alice,forge/bob")]
    [InlineData("tag-value", "bo", "forge/bob")]
    [InlineData("tag-key", "!team", "forge/alice,forge/bob")]
    [InlineData("description", "alice", "forge/alice")]
    [InlineData("all", "PLATFORM", "other/carol")]
    [InlineData("all", "dotfiles alice", "forge/alice")]
    [InlineData("primary-region", "us", "")]
    public async Task Filters_match_by_prefix_and_a_bang_negates(string key, string value, string expected)
    {
        await using var cloud = await WorldAsync();
        var names = await Names(cloud, new JsonObject { ["Filters"] = new JsonArray(Filter(key, value)) });
        Assert.Equal(expected, string.Join(',', names));
    }

    [Fact]
    public async Task Several_filters_are_all_required_and_values_of_one_filter_are_alternatives()
    {
        await using var cloud = await WorldAsync();
        var names = await Names(cloud, new JsonObject
        {
            ["Filters"] = new JsonArray(Filter("tag-key", "owner"), Filter("tag-value", "alice", "carol", "bob"), Filter("name", "!forge/b")),
        });
        Assert.Equal(["forge/alice"], names);
    }

    [Fact]
    public async Task Pages_follow_NextToken_in_the_requested_order()
    {
        await using var cloud = await WorldAsync();
        var first = await cloud.CallAsync(Sm, "ListSecrets", new JsonObject { ["MaxResults"] = 2, ["SortBy"] = "name", ["SortOrder"] = "desc" });
        var token = (string)first["NextToken"]!;
        var second = await cloud.CallAsync(Sm, "ListSecrets", new JsonObject
        {
            ["MaxResults"] = 2, ["SortBy"] = "name", ["SortOrder"] = "desc", ["NextToken"] = token,
        });

        Assert.Equal(["other/carol", "forge/bob"], first["SecretList"]!.AsArray().Select(s => (string)s!["Name"]!));
        Assert.Equal(["forge/alice"], second["SecretList"]!.AsArray().Select(s => (string)s!["Name"]!));
        Assert.Null(second["NextToken"]);
        var entry = second["SecretList"]![0]!;
        Assert.Single(entry["SecretVersionsToStages"]!.AsObject());
        Assert.Equal(2, entry["Tags"]!.AsArray().Count);
    }

    [Fact]
    public async Task Bad_limits_keys_and_tokens_are_refused()
    {
        await using var cloud = await WorldAsync();
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "ListSecrets", new JsonObject { ["MaxResults"] = 0 })).ErrorCode);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "ListSecrets", new JsonObject { ["MaxResults"] = 101 })).ErrorCode);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "ListSecrets",
            new JsonObject { ["Filters"] = new JsonArray(Filter("colour", "red")) })).ErrorCode);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "ListSecrets",
            new JsonObject { ["Filters"] = new JsonArray(Filter("name", "a$b")) })).ErrorCode);
        Assert.Equal("InvalidNextTokenException", (await cloud.ErrorAsync(Sm, "ListSecrets", new JsonObject { ["NextToken"] = "garbage" })).ErrorCode);
    }

    [Fact]
    public async Task BatchGetSecretValue_reports_missing_secrets_per_secret()
    {
        await using var cloud = await WorldAsync();
        await cloud.CallAsync(Sm, "CreateSecret", new JsonObject { ["Name"] = "empty" });

        var answer = await cloud.CallAsync(Sm, "BatchGetSecretValue", new JsonObject { ["SecretIdList"] = new JsonArray("forge/alice", "missing", "empty") });

        Assert.Equal(["forge/alice"], answer["SecretValues"]!.AsArray().Select(v => (string)v!["Name"]!));
        Assert.Equal("value-of-forge/alice", (string)answer["SecretValues"]![0]!["SecretString"]!);
        Assert.Equal(["missing:ResourceNotFoundException", "empty:ResourceNotFoundException"],
            answer["Errors"]!.AsArray().Select(e => $"{e!["SecretId"]}:{e["ErrorCode"]}"));
    }

    [Fact]
    public async Task BatchGetSecretValue_pages_filtered_secrets_and_refuses_ambiguous_requests()
    {
        await using var cloud = await WorldAsync();
        var first = await cloud.CallAsync(Sm, "BatchGetSecretValue", new JsonObject { ["Filters"] = new JsonArray(Filter("name", "forge/")), ["MaxResults"] = 1 });
        var second = await cloud.CallAsync(Sm, "BatchGetSecretValue", new JsonObject
        {
            ["Filters"] = new JsonArray(Filter("name", "forge/")), ["MaxResults"] = 1, ["NextToken"] = (string)first["NextToken"]!,
        });

        Assert.Equal(["forge/alice", "forge/bob"], first["SecretValues"]!.AsArray().Concat(second["SecretValues"]!.AsArray()).Select(v => (string)v!["Name"]!));
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "BatchGetSecretValue", new JsonObject())).ErrorCode);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "BatchGetSecretValue",
            new JsonObject { ["SecretIdList"] = new JsonArray("forge/bob"), ["MaxResults"] = 5 })).ErrorCode);
        Assert.Equal("InvalidParameterException", (await cloud.ErrorAsync(Sm, "BatchGetSecretValue",
            new JsonObject { ["SecretIdList"] = new JsonArray("forge/bob"), ["Filters"] = new JsonArray(Filter("name", "x")) })).ErrorCode);
    }

    private static async Task Create(LocalAwsHarness cloud, string name, string? description, params (string Key, string Value)[] tags)
    {
        var input = new JsonObject
        {
            ["Name"] = name,
            ["SecretString"] = "value-of-" + name,
            ["Tags"] = new JsonArray([.. tags.Select(t => (JsonNode)SecretVersionTests.Tag(t.Key, t.Value))]),
        };
        if (description is not null)
        {
            input["Description"] = description;
        }

        await cloud.CallAsync(Sm, "CreateSecret", input);
        cloud.Clock.Advance(TimeSpan.FromSeconds(1));
    }

    private static JsonObject Filter(string key, params string[] values) =>
        new() { ["Key"] = key, ["Values"] = new JsonArray([.. values.Select(v => (JsonNode)v)]) };

    private static async Task<List<string>> Names(LocalAwsHarness cloud, JsonObject input) =>
        [.. (await cloud.CallAsync(Sm, "ListSecrets", input))["SecretList"]!.AsArray().Select(s => (string)s!["Name"]!)];
}
