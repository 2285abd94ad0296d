using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Forge.Aws.DirectoryService;
using Forge.LocalCloud.Hosting;

namespace Forge.LocalCloud.DirectoryService;

/// <summary>
/// The network each region's seeded directory lives in (VPC, two subnets in two zones, the domain
/// controllers' DNS addresses). Derived from the region like <see cref="SeedInventory"/>, so FSx's SVM
/// can point at the same DNS servers and every start shows the same values.
/// </summary>
public sealed record RegionNetwork(
    string VpcId,
    IReadOnlyList<string> SubnetIds,
    string SecurityGroupId,
    IReadOnlyList<string> AvailabilityZones,
    IReadOnlyList<string> DnsIpAddrs,
    int SecondOctet)
{
    /// <summary>An address in the VPC's <c>10.N.0.0/16</c>: subnet 1 or 2, host number.</summary>
    public string Address(int subnet, int host) => $"10.{SecondOctet}.{subnet}.{host}";
}

public static class DirectorySeed
{
    public static RegionNetwork Network(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("network:" + region)));
        var octet = 16 + (Convert.ToInt32(digest[..2], 16) % 200);
        return new RegionNetwork(
            VpcId: "vpc-" + digest[..17],
            SubnetIds: ["subnet-" + digest[17..34], "subnet-" + digest[34..51]],
            SecurityGroupId: "sg-" + digest[47..64],
            AvailabilityZones: [region + "a", region + "b"],
            DnsIpAddrs: [$"10.{octet}.1.10", $"10.{octet}.2.10"],
            SecondOctet: octet);
    }

    /// <summary>The region's AWS Managed Microsoft AD, as DescribeDirectories shows it.</summary>
    public static JsonObject Description(string region, DateTimeOffset launchTime)
    {
        var inventory = SeedInventory.For(region);
        var network = Network(region);
        return new JsonObject
        {
            ["DirectoryId"] = inventory.DirectoryId,
            ["Name"] = inventory.DomainName,
            ["ShortName"] = inventory.DomainShortName,
            ["Edition"] = DirectoryEdition.Standard,
            // With no alias chosen, AWS shows the directory id as the alias and in the access URL.
            ["Alias"] = inventory.DirectoryId,
            ["AccessUrl"] = inventory.DirectoryId + ".awsapps.com",
            ["Description"] = "Forge workstations directory",
            ["DnsIpAddrs"] = Strings(network.DnsIpAddrs),
            ["Stage"] = DirectoryStage.Active,
            ["LaunchTime"] = launchTime.ToUnixTimeMilliseconds() / 1000m,
            ["StageLastUpdatedDateTime"] = launchTime.AddMinutes(40).ToUnixTimeMilliseconds() / 1000m,
            ["Type"] = DirectoryType.MicrosoftAD,
            ["VpcSettings"] = new JsonObject
            {
                ["VpcId"] = network.VpcId,
                ["SubnetIds"] = Strings(network.SubnetIds),
                ["SecurityGroupId"] = network.SecurityGroupId,
                ["AvailabilityZones"] = Strings(network.AvailabilityZones),
            },
            ["SsoEnabled"] = false,
            ["DesiredNumberOfDomainControllers"] = 2,
            ["RegionsInfo"] = new JsonObject { ["PrimaryRegion"] = region, ["AdditionalRegions"] = new JsonArray() },
            ["OsVersion"] = "SERVER_2019",
            ["NetworkType"] = "IPv4",
        };
    }

    private static JsonArray Strings(IEnumerable<string> values) => [.. values.Select(v => (JsonNode)v)];
}
