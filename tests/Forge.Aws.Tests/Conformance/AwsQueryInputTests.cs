using Forge.LocalCloud.Models;

namespace Forge.Aws.Tests.Conformance;

/// <summary>awsQuery forms (SNS, CloudWatch) rebuilt from their flattened parameters and judged strictly.</summary>
public sealed class AwsQueryInputTests
{
    private static readonly ServiceModel Sns = ServiceModel.Load("sns");
    private static readonly ServiceModel CloudWatch = ServiceModel.Load("cloudwatch");

    private static Dictionary<string, string> Form(params string[] pairs) =>
        pairs.Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);

    [Fact]
    public void A_publish_with_message_attributes_passes()
    {
        var form = Form("Action=Publish", "Version=2010-03-31", "TopicArn=arn:aws:sns:us-east-1:000000000000:forge", "Message=hello",
            "MessageAttributes.entry.1.Name=pool", "MessageAttributes.entry.1.Value.DataType=String", "MessageAttributes.entry.1.Value.StringValue=dev");

        Assert.Empty(AwsQueryInput.Validate(Sns, "Publish", form));
    }

    [Fact]
    public void The_rebuilt_tree_keeps_maps_lists_and_typed_scalars()
    {
        var form = Form("Namespace=Forge", "MetricData.member.1.MetricName=PoolSize", "MetricData.member.1.Value=3.5",
            "MetricData.member.1.Timestamp=2026-03-02T09:00:00Z", "MetricData.member.1.Dimensions.member.1.Name=Pool",
            "MetricData.member.1.Dimensions.member.1.Value=dev", "MetricData.member.1.StorageResolution=60");
        var violations = new List<ModelViolation>();

        var input = AwsQueryInput.ToJson(CloudWatch, "PutMetricData", form, violations);

        Assert.Empty(violations);
        Assert.Equal("""{"Namespace":"Forge","MetricData":[{"MetricName":"PoolSize","Value":3.5,"Timestamp":1772442000,"Dimensions":[{"Name":"Pool","Value":"dev"}],"StorageResolution":60}]}""",
            input.ToJsonString());
    }

    [Fact]
    public void Unknown_parameters_missing_members_and_bad_values_are_reported()
    {
        var form = Form("Action=Publish", "Version=2010-03-31", "TopicArn=arn", "Subjekt=hi", "MessageAttributes.entry.1.Value.DataType=String");

        var violations = AwsQueryInput.Validate(Sns, "Publish", form);

        Assert.Contains(violations, v => v.Kind == ModelViolationKind.UnknownMember && v.Path == "Subjekt");
        Assert.Contains(violations, v => v.Kind == ModelViolationKind.Required && v.AwsPath == "messageAttributes");
        Assert.Contains(violations, v => v.Kind == ModelViolationKind.Required && v.Path == "Message");
        Assert.DoesNotContain(AwsQueryInput.Validate(Sns, "Publish", form, reportUnknownMembers: false), v => v.Kind == ModelViolationKind.UnknownMember);
    }

    [Fact]
    public void List_gaps_enum_values_and_unparsable_numbers_are_reported_with_their_paths()
    {
        var form = Form("Namespace=Forge", "MetricData.member.1.MetricName=a", "MetricData.member.1.Unit=Parsecs",
            "MetricData.member.1.Value=lots", "MetricData.member.3.MetricName=c");

        var violations = AwsQueryInput.Validate(CloudWatch, "PutMetricData", form);

        Assert.Contains(violations, v => v.Kind == ModelViolationKind.Type && v.Path == "MetricData" && v.Message.Contains("[1, 3]", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Kind == ModelViolationKind.Type && v.Path == "MetricData[0].Value");
        Assert.Contains(violations, v => v.Kind == ModelViolationKind.Enum && v.AwsPath == "metricData.1.member.unit");
    }

    [Fact]
    public void A_list_flattened_without_member_is_an_unknown_parameter()
    {
        var violation = Assert.Single(AwsQueryInput.Validate(CloudWatch, "PutMetricData", Form("Namespace=Forge", "MetricData.1.MetricName=a")));

        Assert.Equal((ModelViolationKind.UnknownMember, "MetricData.1.MetricName"), (violation.Kind, violation.Path));
    }
}
