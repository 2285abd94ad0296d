using System.Text.Json.Nodes;
using Forge.LocalCloud.Models;

namespace Forge.Aws.Tests.Conformance;

/// <summary>The model validator on hand-written inputs of several operations across the services.</summary>
public sealed class ModelValidatorTests
{
    private static readonly ServiceModel WorkSpaces = ServiceModel.Load("workspaces");
    private static readonly ServiceModel Ssm = ServiceModel.Load("ssm");

    private static IReadOnlyList<ModelViolation> Strict(string file, string operation, string json) =>
        ModelValidator.Validate(ServiceModel.Load(file), operation, JsonNode.Parse(json)!.AsObject(), reportUnknownMembers: true);

    [Theory]
    [InlineData("workspaces", "CreateWorkspaces", """
        {"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"jdoe","BundleId":"wsb-clj85qzj1",
          "WorkspaceProperties":{"RunningMode":"AUTO_STOP","RunningModeAutoStopTimeoutInMinutes":60,"ComputeTypeName":"PERFORMANCE"},
          "Tags":[{"Key":"forge:pool","Value":"dev"}],"UserVolumeEncryptionEnabled":false}]}
        """)]
    [InlineData("workspaces", "DescribeWorkspaces", """{"DirectoryId":"d-906734325d","Limit":25,"NextToken":"abc"}""")]
    [InlineData("ssm", "SendCommand", """
        {"DocumentName":"AWS-RunPowerShellScript","InstanceIds":["mi-0123456789abcdef0"],"TimeoutSeconds":600,
         "Parameters":{"commands":["Get-Date"]},"MaxConcurrency":"50","MaxErrors":"0"}
        """)]
    [InlineData("secretsmanager", "CreateSecret", """{"Name":"forge/dev","SecretBinary":"AAECAw==","Tags":[{"Key":"k","Value":"v"}]}""")]
    [InlineData("fsx", "CreateVolume", """
        {"VolumeType":"ONTAP","Name":"vol_jdoe","ClientRequestToken":"token-1",
         "OntapConfiguration":{"StorageVirtualMachineId":"svm-0123456789abcdef0","SizeInMegabytes":10240,"JunctionPath":"/vol_jdoe"}}
        """)]
    [InlineData("directoryservice", "DescribeDirectories", """{"DirectoryIds":["d-906734325d"],"Limit":0}""")]
    [InlineData("cloudwatch", "PutMetricData", """
        {"Namespace":"Forge","MetricData":[{"MetricName":"PoolSize","Timestamp":1772442000.5,"Value":3.0,"Unit":"Count",
          "Dimensions":[{"Name":"Pool","Value":"dev"}]}]}
        """)]
    [InlineData("cloudwatch", "PutMetricData", """{"Namespace":"Forge","MetricData":[{"MetricName":"m","Value":"NaN","Values":[1,"-Infinity"]}]}""")]
    public void A_valid_input_passes_strict_validation(string file, string operation, string json)
    {
        Assert.Empty(Strict(file, operation, json));
    }

    [Fact]
    public void An_enum_value_outside_the_set_is_reported_with_both_paths_and_the_AWS_message()
    {
        var violation = Assert.Single(Strict("workspaces", "CreateWorkspaces", """
            {"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"jdoe","BundleId":"wsb-clj85qzj1","WorkspaceProperties":{"RunningMode":"SOMETIMES"}}]}
            """));

        Assert.Equal(ModelViolationKind.Enum, violation.Kind);
        Assert.Equal("Workspaces[0].WorkspaceProperties.RunningMode", violation.Path);
        Assert.Equal("workspaces.1.member.workspaceProperties.runningMode", violation.AwsPath);
        Assert.Equal("Value 'SOMETIMES' at 'workspaces.1.member.workspaceProperties.runningMode' failed to satisfy constraint: "
            + "Member must satisfy enum value set: [AUTO_STOP, ALWAYS_ON, MANUAL]", violation.Message);
        Assert.StartsWith("1 validation error detected: Value 'SOMETIMES'", ModelViolation.Summary([violation]), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_required_member_is_reported_where_it_should_be()
    {
        var violation = Assert.Single(Strict("workspaces", "CreateWorkspaces", """
            {"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"jdoe"},{"DirectoryId":"d-906734325d","UserName":"x","BundleId":null}]}
            """), v => v.Path == "Workspaces[1].BundleId");

        Assert.Equal(ModelViolationKind.Required, violation.Kind);
        Assert.Equal("Value null at 'workspaces.2.member.bundleId' failed to satisfy constraint: Member must not be null", violation.Message);
    }

    [Fact]
    public void Unknown_members_are_violations_only_in_strict_mode()
    {
        var input = JsonNode.Parse("""{"DirectoryId":"d-906734325d","Limt":5}""")!.AsObject();

        var strict = Assert.Single(ModelValidator.Validate(WorkSpaces, "DescribeWorkspaces", input, reportUnknownMembers: true));
        Assert.Equal(ModelViolationKind.UnknownMember, strict.Kind);
        Assert.Equal("Limt", strict.Path);
        Assert.Empty(ModelValidator.Validate(WorkSpaces, "DescribeWorkspaces", input, reportUnknownMembers: false));
    }

    [Theory]
    [InlineData("workspaces", "DescribeWorkspaces", """{"Limit":"5"}""", "Limit")]
    [InlineData("workspaces", "DescribeWorkspaces", """{"Limit":2.5}""", "Limit")]
    [InlineData("workspaces", "DescribeWorkspaces", """{"WorkspaceIds":"ws-12345678"}""", "WorkspaceIds")]
    [InlineData("workspaces", "CreateWorkspaces", """{"Workspaces":[{"DirectoryId":"d-906734325d","UserName":"u","BundleId":"wsb-clj85qzj1","UserVolumeEncryptionEnabled":"true"}]}""", "Workspaces[0].UserVolumeEncryptionEnabled")]
    [InlineData("cloudwatch", "PutMetricData", """{"Namespace":"Forge","MetricData":[{"MetricName":"m","Timestamp":"2026-03-02T09:00:00Z"}]}""", "MetricData[0].Timestamp")]
    [InlineData("secretsmanager", "CreateSecret", """{"Name":"n","SecretBinary":"not base64!"}""", "SecretBinary")]
    [InlineData("ssm", "SendCommand", """{"DocumentName":"AWS-RunShellScript","Parameters":{"commands":"uptime"}}""", "Parameters[\"commands\"]")]
    [InlineData("ssm", "SendCommand", """{"DocumentName":"AWS-RunShellScript","TimeoutSeconds":3000000000}""", "TimeoutSeconds")]
    public void A_value_of_the_wrong_type_is_reported(string file, string operation, string json, string path)
    {
        var violation = Assert.Single(Strict(file, operation, json));

        Assert.Equal(ModelViolationKind.Type, violation.Kind);
        Assert.Equal(path, violation.Path);
    }

    [Fact]
    public void Lengths_of_strings_and_lists_are_checked_against_min_and_max()
    {
        var many = new JsonArray([.. Enumerable.Range(0, 26).Select(i => (JsonNode)$"ws-{i:D10}")]);
        var list = Assert.Single(ModelValidator.Validate(WorkSpaces, "DescribeWorkspaces", new JsonObject { ["WorkspaceIds"] = many }, true));
        var text = Assert.Single(Strict("workspaces", "DescribeWorkspaces", """{"UserName":""}"""));

        Assert.Equal((ModelViolationKind.Length, "WorkspaceIds"), (list.Kind, list.Path));
        Assert.EndsWith("Member must have length less than or equal to 25", list.Message, StringComparison.Ordinal);
        Assert.Equal("Value '' at 'userName' failed to satisfy constraint: Member must have length greater than or equal to 1", text.Message);
    }

    [Fact]
    public void Numbers_are_checked_against_min_and_max()
    {
        var low = Assert.Single(Strict("ssm", "SendCommand", """{"DocumentName":"AWS-RunShellScript","TimeoutSeconds":10}"""));
        var high = Assert.Single(Strict("workspaces", "DescribeWorkspaces", """{"Limit":26}"""));

        Assert.Equal("Value '10' at 'timeoutSeconds' failed to satisfy constraint: Member must have value greater than or equal to 30", low.Message);
        Assert.Equal((ModelViolationKind.Range, "Limit"), (high.Kind, high.Path));
        Assert.EndsWith("Member must have value less than or equal to 25", high.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Patterns_are_checked_and_quoted_in_the_message()
    {
        var violation = Assert.Single(Strict("workspaces", "DescribeWorkspaces", """{"DirectoryId":"dir-906734325d"}"""));

        Assert.Equal((ModelViolationKind.Pattern, "DirectoryId"), (violation.Kind, violation.Path));
        Assert.Equal("Value 'dir-906734325d' at 'directoryId' failed to satisfy constraint: "
            + "Member must satisfy regular expression pattern: ^(d-[0-9a-f]{8,63}$)|(wsd-[0-9a-z]{8,63}$)", violation.Message);
    }

    [Fact]
    public void Sensitive_values_are_never_echoed()
    {
        var violation = Assert.Single(Strict("secretsmanager", "CreateSecret", """{"Name":"n","SecretString":""}"""));

        Assert.Equal("Value at 'secretString' failed to satisfy constraint: Member must have length greater than or equal to 1", violation.Message);
    }

    [Fact]
    public void Several_violations_are_all_reported_and_summarised_as_AWS_does()
    {
        var violations = Strict("ssm", "SendCommand", """{"TimeoutSeconds":10,"DocumentHashType":"Md5"}""");

        Assert.Equal([ModelViolationKind.Range, ModelViolationKind.Enum, ModelViolationKind.Required], violations.Select(v => v.Kind));
        Assert.StartsWith("3 validation errors detected: Value '10' at 'timeoutSeconds'", ModelViolation.Summary(violations), StringComparison.Ordinal);
        Assert.Contains("; Value null at 'documentName' failed to satisfy constraint: Member must not be null", ModelViolation.Summary(violations), StringComparison.Ordinal);
    }

    [Fact]
    public void A_union_needs_exactly_one_member_set()
    {
        var both = JsonNode.Parse("""{"Ec2ImageId":"ami-0123abcd","Ec2ImportTaskId":"import-ami-0123abcd"}""");
        var one = JsonNode.Parse("""{"Ec2ImageId":"ami-0123abcd"}""");

        var violation = Assert.Single(ModelValidator.ValidateShape(WorkSpaces, "ImageSourceIdentifier", both, reportUnknownMembers: true));
        Assert.Equal(ModelViolationKind.Union, violation.Kind);
        Assert.Empty(ModelValidator.ValidateShape(WorkSpaces, "ImageSourceIdentifier", one, reportUnknownMembers: true));
    }

    [Fact]
    public void An_operation_missing_from_the_model_is_reported()
    {
        var violation = Assert.Single(ModelValidator.Validate(Ssm, "SendCommands", [], reportUnknownMembers: true));

        Assert.Equal(ModelViolationKind.UnknownOperation, violation.Kind);
    }
}
