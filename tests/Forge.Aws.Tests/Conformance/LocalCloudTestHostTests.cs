using System.Text.Json.Nodes;
using Xunit.Sdk;

namespace Forge.Aws.Tests.Conformance;

/// <summary>The fixture itself: requests reach a real local cloud over HTTP, and a model violation fails the test.</summary>
public sealed class LocalCloudTestHostTests : LocalCloudTestHost
{
    [Fact]
    public async Task A_signed_request_reaches_the_local_cloud_and_is_answered()
    {
        var result = await RunAsync(() => Aws.Json(AwsServices.WorkSpaces)
            .InvokeAsync<JsonObject, Dictionary<string, object>>("DescribeWorkspaceBundles", new JsonObject { ["Owner"] = "AMAZON" }, null, default));

        Assert.True(result.ContainsKey("Bundles"));
        Assert.Equal(1, Conformance.Sent);
        Assert.Empty(Conformance.Violations);
    }

    [Fact]
    public async Task A_test_that_breaks_the_model_on_purpose_takes_the_violations_and_the_local_cloud_answers_as_AWS()
    {
        var error = await Record.ExceptionAsync(() => RunAsync(() => Aws.Json(AwsServices.WorkSpaces)
            .InvokeAsync<JsonObject, Dictionary<string, object>>("DescribeWorkspaces", new JsonObject { ["Limit"] = 26 }, null, default)));

        var violation = Assert.Single(Conformance.TakeViolations());
        Assert.Equal(("workspaces", "DescribeWorkspaces", "Limit"), (violation.Service, violation.Operation, violation.Violation.Path));
        Assert.Equal("InvalidParameterValuesException", Assert.IsType<AwsServiceException>(error).ErrorCode);
        Assert.Empty(Conformance.Violations);
    }

    [Fact]
    public async Task Disposing_a_host_whose_requests_broke_the_model_fails()
    {
        var host = new LocalCloudTestHost();
        await host.InitializeAsync();
        await Record.ExceptionAsync(() => host.RunAsync(() => host.Aws.Json(AwsServices.SecretsManager)
            .InvokeAsync<JsonObject, Dictionary<string, object>>("GetSecretValue", new JsonObject { ["SecretID"] = "forge/dev" }, null, default)));

        var failure = await Assert.ThrowsAsync<XunitException>(host.DisposeAsync);

        Assert.Contains("secretsmanager.GetSecretValue: SecretID: Unknown member 'SecretID'", failure.Message, StringComparison.Ordinal);
        Assert.Contains("secretsmanager.GetSecretValue: SecretId: Value null at 'secretId'", failure.Message, StringComparison.Ordinal);
    }
}
