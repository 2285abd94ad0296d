using System.Net;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Tests.Protocol;

namespace Forge.LocalCloud.Tests.Models;

/// <summary>
/// The dispatcher judges each JSON input by the official model before the service sees it, answering each
/// service's own validation error, and lets through members it does not know, as AWS does.
/// </summary>
public sealed class DispatcherValidationTests : IAsyncLifetime
{
    private readonly Dictionary<string, EchoService> _stubs = AwsServices.All
        .Where(s => s.Protocol != AwsProtocol.AwsQuery)
        .ToDictionary(s => s.Name, EchoService.For);

    private ProtocolTestCloud _cloud = null!;

    public async Task InitializeAsync() => _cloud = await ProtocolTestCloud.StartAsync([.. _stubs.Values]);

    public async Task DisposeAsync() => await _cloud.DisposeAsync();

    [Theory]
    [InlineData("workspaces", "CreateWorkspaces", """{"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"u","BundleId":"wsb-clj85qzj1","WorkspaceProperties":{"RunningMode":"SOMETIMES"}}]}""", "InvalidParameterValuesException")]
    [InlineData("fsx", "CreateVolume", """{"VolumeType":"NFS","Name":"vol"}""", "BadRequest")]
    [InlineData("secretsmanager", "GetSecretValue", """{}""", "InvalidParameterException")]
    [InlineData("ssm", "SendCommand", """{"DocumentName":"AWS-RunShellScript","TimeoutSeconds":5}""", "ValidationException")]
    [InlineData("ds", "DescribeDirectories", """{"Limit":-1}""", "InvalidParameterException")]
    [InlineData("cloudwatch", "PutMetricData", """{"Namespace":"Forge","MetricData":[{"MetricName":"m","Unit":"Parsecs"}]}""", "InvalidParameterValueException")]
    [InlineData("cloudwatch", "PutMetricData", """{"MetricData":[]}""", "MissingRequiredParameterException")]
    public async Task An_input_breaking_the_model_gets_the_services_validation_error(string service, string operation, string body, string code)
    {
        var stub = _stubs[service];
        using var response = await _cloud.Http.SendAsync(_cloud.Json(stub.Service, operation, body));
        var error = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(code, (string?)error["__type"]);
        Assert.StartsWith("1 validation error detected: Value ", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal(0, stub.Calls);
    }

    [Fact]
    public async Task The_message_names_the_value_the_member_and_the_constraint_as_AWS_does()
    {
        using var response = await _cloud.Http.SendAsync(_cloud.Json(_stubs["workspaces"].Service, "CreateWorkspaces",
            """{"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"u","BundleId":"wsb-clj85qzj1","WorkspaceProperties":{"RunningMode":"SOMETIMES"}}]}"""));

        Assert.Equal("1 validation error detected: Value 'SOMETIMES' at 'workspaces.1.member.workspaceProperties.runningMode' "
            + "failed to satisfy constraint: Member must satisfy enum value set: [AUTO_STOP, ALWAYS_ON, MANUAL]",
            (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }

    [Theory]
    [InlineData("""{"MetricData":[]}""", "MissingParameter;Sender")]
    [InlineData("""{"Namespace":"Forge","MetricData":[{"MetricName":"m","Unit":"Parsecs"}]}""", "InvalidParameterValue;Sender")]
    [InlineData("""{"Namespace":"Forge","MetricData":[{"MetricName":"m","Value":"lots"}]}""", "InvalidParameterValue;Sender")]
    public async Task CloudWatch_validation_errors_carry_their_query_codes(string body, string queryError)
    {
        using var response = await _cloud.Http.SendAsync(_cloud.Json(_stubs["cloudwatch"].Service, "PutMetricData", body));

        Assert.Equal(queryError, response.Headers.GetValues("x-amzn-query-error").Single());
    }

    [Fact]
    public async Task Members_the_model_does_not_know_are_ignored_as_AWS_does()
    {
        var stub = _stubs["workspaces"];
        using var response = await _cloud.Http.SendAsync(_cloud.Json(stub.Service, "DescribeWorkspaces", """{"Limit":5,"Colour":"red"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, stub.Calls);
    }

    [Fact]
    public async Task A_value_of_the_wrong_json_type_is_a_SerializationException()
    {
        using var response = await _cloud.Http.SendAsync(_cloud.Json(_stubs["ssm"].Service, "SendCommand", """{"DocumentName":"AWS-RunShellScript","TimeoutSeconds":"600"}"""));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("SerializationException", response.Headers.GetValues("x-amzn-ErrorType").Single());
        Assert.Equal(0, _stubs["ssm"].Calls);
    }

    [Fact]
    public async Task Sensitive_values_are_not_echoed_in_the_error()
    {
        using var response = await _cloud.Http.SendAsync(_cloud.Json(_stubs["secretsmanager"].Service, "CreateSecret",
            """{"Name":"forge/dev","ClientRequestToken":"short","SecretString":""}"""));
        var message = (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"];

        Assert.Equal("2 validation errors detected: "
            + "Value 'short' at 'clientRequestToken' failed to satisfy constraint: Member must have length greater than or equal to 32; "
            + "Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1", message);
    }
}
