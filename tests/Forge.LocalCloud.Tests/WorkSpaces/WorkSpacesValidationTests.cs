using System.Text.Json.Nodes;
using static Forge.LocalCloud.Tests.WorkSpaces.WorkSpacesEmulator;

namespace Forge.LocalCloud.Tests.WorkSpaces;

public sealed class WorkSpacesValidationTests : IAsyncLifetime
{
    private WorkSpacesEmulator _cloud = null!;

    public async Task InitializeAsync() => _cloud = await StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData(0)]
    [InlineData(26)]
    public async Task CreateWorkspaces_takes_1_to_25_requests(int count)
    {
        var bundleId = await _cloud.BundleIdAsync();
        var requests = new JsonArray([.. Enumerable.Range(0, count).Select(i => (JsonNode)Request($"u{i}", bundleId))]);

        await _cloud.FailsAsync("CreateWorkspaces", new JsonObject { ["Workspaces"] = requests }, "InvalidParameterValuesException");
        await _cloud.FailsAsync("CreateWorkspaces", [], "InvalidParameterValuesException");
    }

    [Fact]
    public async Task A_member_of_the_wrong_JSON_type_fails_the_whole_call_with_SerializationException()
    {
        var request = Request("u", await _cloud.BundleIdAsync());
        request["UserName"] = 42;

        await _cloud.FailsAsync("CreateWorkspaces", new JsonObject { ["Workspaces"] = new JsonArray(request) }, "SerializationException");
    }

    [Fact]
    public async Task Each_invalid_WorkspaceRequest_is_reported_with_its_own_error_and_the_valid_one_is_built()
    {
        var bundleId = await _cloud.BundleIdAsync();
        JsonObject With(string member, JsonNode value, string? inside = null)
        {
            var request = Request("someone", bundleId);
            (inside is null ? request : request[inside]!.AsObject())[member] = value;
            return request;
        }

        var tooManyTags = new JsonArray([.. Enumerable.Range(0, 51).Select(i => (JsonNode)new JsonObject { ["Key"] = $"k{i}", ["Value"] = "v" })]);
        var cases = new (JsonObject Request, string Code)[]
        {
            (With("BundleId", "wsb-unknown00"), "ResourceNotFoundException"),
            (With("DirectoryId", SeedInventoryFor("eu-west-1")), "ResourceNotFoundException"),
            (With("Tags", tooManyTags), "ResourceLimitExceededException"),
            (With("RunningModeAutoStopTimeoutInMinutes", 45, "WorkspaceProperties"), "InvalidParameterValuesException"),
        };
        var requests = new JsonArray([.. cases.Select(c => (JsonNode)c.Request), Request("valid", bundleId)]);

        var result = await _cloud.CallAsync("CreateWorkspaces", new JsonObject { ["Workspaces"] = requests });

        var failed = result["FailedRequests"]!.AsArray();
        Assert.Equal(cases.Select(c => c.Code), failed.Select(f => (string)f!["ErrorCode"]!));
        Assert.All(failed, f => Assert.False(string.IsNullOrEmpty((string?)f!["ErrorMessage"])));
        Assert.Equal("valid", (string)Assert.Single(result["PendingRequests"]!.AsArray())!["UserName"]!);
    }

    [Fact]
    public async Task A_WorkspaceRequest_breaking_the_model_fails_the_whole_call_naming_each_member()
    {
        var bundleId = await _cloud.BundleIdAsync();
        JsonObject With(string member, JsonNode value, string? inside = null)
        {
            var request = Request("someone", bundleId);
            (inside is null ? request : request[inside]!.AsObject())[member] = value;
            return request;
        }

        var requests = new JsonArray(
            Request("valid", bundleId),
            With("UserName", new string('u', 64)),
            With("UserName", ""),
            With("WorkspaceName", "-starts-with-dash"),
            With("Tags", new JsonArray(new JsonObject { ["Key"] = new string('k', 128) })),
            With("Tags", new JsonArray(new JsonObject { ["Key"] = "k", ["Value"] = new string('v', 256) })),
            With("RunningMode", "SOMETIMES", "WorkspaceProperties"));

        var error = await _cloud.FailsAsync("CreateWorkspaces", new JsonObject { ["Workspaces"] = requests }, "InvalidParameterValuesException");

        Assert.StartsWith("6 validation errors detected: ", error.ErrorMessage, StringComparison.Ordinal);
        Assert.All(["workspaces.2.member.userName", "workspaces.3.member.userName", "workspaces.4.member.workspaceName",
            "workspaces.5.member.tags.1.member.key", "workspaces.6.member.tags.1.member.value", "workspaces.7.member.workspaceProperties.runningMode"],
            path => Assert.Contains($"at '{path}'", error.ErrorMessage, StringComparison.Ordinal));
        _cloud.Clock.Advance(ConsistencyDelay);
        Assert.Empty((await _cloud.CallAsync("DescribeWorkspaces", new JsonObject { ["DirectoryId"] = DirectoryId }))["Workspaces"]!.AsArray());
    }

    [Theory]
    [InlineData("""{"WorkspaceIds":["ws-abcdefgh1"],"BundleId":"wsb-abcdefgh1"}""")]
    [InlineData("""{"DirectoryId":"d-0123456789","WorkspaceName":"name1"}""")]
    [InlineData("""{"BundleId":"wsb-abcdefgh1","WorkspaceName":"name1"}""")]
    [InlineData("""{"UserName":"alice"}""")]
    [InlineData("""{"WorkspaceIds":["ws-abcdefgh1"],"UserName":"alice"}""")]
    public async Task DescribeWorkspaces_filters_are_mutually_exclusive(string input)
    {
        await _cloud.FailsAsync("DescribeWorkspaces", JsonNode.Parse(input)!.AsObject(), "InvalidParameterValuesException");
    }

    [Theory]
    [InlineData("DescribeWorkspaces", """{"Limit":0}""")]
    [InlineData("DescribeWorkspaces", """{"Limit":26}""")]
    [InlineData("DescribeWorkspaces", """{"WorkspaceIds":[]}""")]
    [InlineData("DescribeWorkspaces", """{"WorkspaceIds":["not-an-id"]}""")]
    [InlineData("DescribeWorkspaces", """{"NextToken":"forged"}""")]
    [InlineData("DescribeWorkspaceDirectories", """{"Limit":26}""")]
    [InlineData("DescribeWorkspaceBundles", """{"Owner":"AMAZON","BundleIds":["wsb-abcdefgh1"]}""")]
    [InlineData("StartWorkspaces", """{"StartWorkspaceRequests":[]}""")]
    [InlineData("TerminateWorkspaces", """{}""")]
    public async Task Limits_of_the_model_are_enforced(string operation, string input)
    {
        await _cloud.FailsAsync(operation, JsonNode.Parse(input)!.AsObject(), "InvalidParameterValuesException");
    }

    [Fact]
    public async Task Batches_and_id_lists_hold_at_most_25_items()
    {
        var ids = Enumerable.Range(0, 26).Select(i => $"ws-abcdefg{i:00}").ToArray();

        await _cloud.FailsAsync("StopWorkspaces", Batch("StopWorkspaceRequests", ids), "InvalidParameterValuesException");
        await _cloud.FailsAsync("DescribeWorkspaces", new JsonObject { ["WorkspaceIds"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) },
            "InvalidParameterValuesException");
        await _cloud.FailsAsync("DescribeWorkspacesConnectionStatus", new JsonObject { ["WorkspaceIds"] = new JsonArray([.. ids.Select(i => (JsonNode)i)]) },
            "InvalidParameterValuesException");
    }

    [Fact]
    public async Task A_token_from_another_listing_is_refused()
    {
        await _cloud.CreateAsync(26);
        _cloud.Clock.Advance(ConsistencyDelay);
        var connections = await _cloud.CallAsync("DescribeWorkspacesConnectionStatus", []);
        var token = (string)connections["NextToken"]!;

        await _cloud.FailsAsync("DescribeWorkspaces", new JsonObject { ["NextToken"] = token }, "InvalidParameterValuesException");
        var next = await _cloud.CallAsync("DescribeWorkspacesConnectionStatus", new JsonObject { ["NextToken"] = token });
        Assert.Single(next["WorkspacesConnectionStatus"]!.AsArray());
        Assert.Null(next["NextToken"]);
    }

    [Fact]
    public async Task Directory_operations_refuse_unknown_directories_and_invalid_values()
    {
        var access = new JsonObject { ["DeviceTypeWeb"] = "ALLOW" };
        await _cloud.FailsAsync("ModifyWorkspaceAccessProperties",
            new JsonObject { ["ResourceId"] = "d-0000000000", ["WorkspaceAccessProperties"] = access }, "ResourceNotFoundException");
        await _cloud.FailsAsync("ModifyWorkspaceAccessProperties",
            new JsonObject { ["ResourceId"] = DirectoryId, ["WorkspaceAccessProperties"] = new JsonObject { ["DeviceTypeWeb"] = "MAYBE" } },
            "InvalidParameterValuesException");
        await _cloud.FailsAsync("ModifyWorkspaceCreationProperties",
            new JsonObject { ["ResourceId"] = DirectoryId, ["WorkspaceCreationProperties"] = new JsonObject { ["InstanceIamRoleArn"] = "role" } },
            "InvalidParameterValuesException");
        await _cloud.FailsAsync("CreateTags",
            new JsonObject { ["ResourceId"] = "ws-nothere00", ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "k" }) }, "ResourceNotFoundException");
        await _cloud.FailsAsync("CreateTags",
            new JsonObject { ["ResourceId"] = DirectoryId, ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "aws:reserved" }) },
            "InvalidParameterValuesException");
    }

    private static string SeedInventoryFor(string region) => Forge.LocalCloud.Hosting.SeedInventory.For(region).DirectoryId;
}
