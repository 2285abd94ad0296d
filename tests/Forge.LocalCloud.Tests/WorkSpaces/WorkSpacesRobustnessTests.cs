using System.Net;
using System.Text.Json.Nodes;
using Forge.Aws;

namespace Forge.LocalCloud.Tests.WorkSpaces;

/// <summary>Whatever a client sends, the answer is a modeled 400 error or a success, never an internal failure.</summary>
public sealed class WorkSpacesRobustnessTests : IAsyncLifetime
{
    private static readonly string[] Operations =
    [
        "CreateWorkspaces", "DescribeWorkspaces", "DescribeWorkspacesConnectionStatus", "StartWorkspaces", "StopWorkspaces",
        "RebootWorkspaces", "TerminateWorkspaces", "ModifyWorkspaceProperties", "ModifyWorkspaceAccessProperties",
        "ModifyWorkspaceCreationProperties", "DescribeWorkspaceBundles", "DescribeWorkspaceDirectories", "CreateTags",
        "DeleteTags", "DescribeTags",
    ];

    private static readonly string[] Members =
    [
        "Workspaces", "WorkspaceIds", "DirectoryId", "UserName", "BundleId", "Limit", "NextToken", "WorkspaceName",
        "StartWorkspaceRequests", "StopWorkspaceRequests", "RebootWorkspaceRequests", "TerminateWorkspaceRequests",
        "WorkspaceId", "WorkspaceProperties", "DataReplication", "ResourceId", "WorkspaceAccessProperties",
        "WorkspaceCreationProperties", "BundleIds", "Owner", "DirectoryIds", "WorkspaceDirectoryNames", "Filters", "Tags", "TagKeys",
    ];

    private static readonly string[] Values =
    [
        "true", "\"\"", "\"x\"", "-1", "99999999999", "1.5", "[]", "{}", "null", "[null]", "[{}]", "[\"\"]",
        "[{\"WorkspaceId\":7,\"Key\":[],\"Name\":\"WORKSPACE_TYPE\",\"Values\":[1]}]",
        "{\"RunningMode\":[],\"Protocols\":\"WSP\",\"DeviceTypeWeb\":1,\"AccessEndpointConfig\":{},\"GlobalAccelerator\":{\"Mode\":5}}",
    ];

    private WorkSpacesEmulator _cloud = null!;

    public async Task InitializeAsync() => _cloud = await WorkSpacesEmulator.StartAsync();

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Fact]
    public async Task Malformed_members_of_every_operation_get_a_400_answer()
    {
        var seed = await _cloud.CreateAvailableAsync();
        foreach (var operation in Operations)
        {
            foreach (var member in Members)
            {
                foreach (var value in Values)
                {
                    // Each odd value alone, next to valid ids, so that checks deep in each operation are reached.
                    var input = new JsonObject
                    {
                        ["WorkspaceId"] = seed,
                        ["ResourceId"] = WorkSpacesEmulator.DirectoryId,
                        [member] = JsonNode.Parse(value),
                    };
                    await AnswersWithoutInternalFailureAsync(operation, input, $"{member}={value}");
                }
            }
        }
    }

    private async Task AnswersWithoutInternalFailureAsync(string operation, JsonObject input, string what)
    {
        try
        {
            // A 5xx would be retried after a delay on the fake clock that nobody advances: bound it in real time.
            await _cloud.CallAsync(operation, input).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (AwsServiceException error)
        {
            Assert.True(error.StatusCode == HttpStatusCode.BadRequest, $"{operation} with {what}: {error.ErrorCode} {error.Message}");
        }
    }
}
