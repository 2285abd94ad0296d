using System.Text.RegularExpressions;

namespace Forge.LocalCloud.Sns;

/// <summary>
/// A parsed SNS ARN: <c>arn:{partition}:sns:{region}:{account}:{topic}</c> for topics,
/// <c>...:endpoint/{platform}/{app}/{id}</c> for mobile endpoints.
/// </summary>
public sealed partial record SnsArn(string Partition, string Region, string AccountId, string Resource)
{
    public bool IsTopic => TopicName().IsMatch(Resource);

    public bool IsFifoTopic => IsTopic && Resource.EndsWith(".fifo", StringComparison.Ordinal);

    public bool IsEndpoint => Resource.StartsWith("endpoint/", StringComparison.Ordinal);

    public static SnsArn? Parse(string? arn)
    {
        if (arn is null || ArnPattern().Match(arn) is not { Success: true } match)
        {
            return null;
        }

        var parsed = new SnsArn(match.Groups["partition"].Value, match.Groups["region"].Value,
            match.Groups["account"].Value, match.Groups["resource"].Value);
        return parsed.Partition == PartitionOf(parsed.Region) && (parsed.IsTopic || parsed.IsEndpoint) ? parsed : null;
    }

    public static string PartitionOf(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        return region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
            : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
            : "aws";
    }

    [GeneratedRegex(@"^arn:(?<partition>aws(-cn|-us-gov)?):sns:(?<region>[a-z]{2}(-[a-z]+)+-\d):(?<account>\d{12}):(?<resource>[^:]+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ArnPattern();

    /// <summary>1..256 letters, digits, '_' and '-', FIFO names ending in ".fifo" within the same 256.</summary>
    [GeneratedRegex(@"^(?=.{1,256}$)[A-Za-z0-9_-]+(\.fifo)?$", RegexOptions.CultureInvariant)]
    private static partial Regex TopicName();
}
