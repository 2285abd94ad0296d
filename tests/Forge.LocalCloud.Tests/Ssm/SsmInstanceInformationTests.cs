using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.LocalCloud.Tests.SecretsManager;

namespace Forge.LocalCloud.Tests.Ssm;

public sealed class SsmInstanceInformationTests
{
    private static readonly AwsService Ssm = AwsServices.Ssm;

    [Fact]
    public async Task Machines_of_the_region_are_managed_nodes_online_while_running()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var up = SsmMachines.Add(cloud, "Windows");
        var down = SsmMachines.Add(cloud, "Linux", online: false);
        SsmMachines.Add(cloud, region: "eu-west-1");

        var nodes = (await cloud.CallAsync(Ssm, "DescribeInstanceInformation", new JsonObject()))["InstanceInformationList"]!.AsArray();

        Assert.Equal([$"{up.InstanceId}:Online:Windows:{up.ComputerName}", $"{down.InstanceId}:ConnectionLost:Linux:{down.ComputerName}"],
            nodes.Select(n => $"{n!["InstanceId"]}:{n["PingStatus"]}:{n["PlatformType"]}:{n["ComputerName"]}"));
        Assert.All(nodes, n => Assert.Equal("ManagedInstance", (string)n!["ResourceType"]!));
    }

    [Fact]
    public async Task Both_filter_styles_narrow_the_list()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var windows = SsmMachines.Add(cloud, "Windows");
        var linux = SsmMachines.Add(cloud, "Linux");
        SsmMachines.Add(cloud, "Linux", online: false);

        var online = await Ids(cloud, new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "PingStatus", ["Values"] = new JsonArray("Online") }),
        });
        var old = await Ids(cloud, new JsonObject
        {
            ["InstanceInformationFilterList"] = new JsonArray(
                new JsonObject { ["key"] = "PlatformTypes", ["valueSet"] = new JsonArray("Linux") },
                new JsonObject { ["key"] = "InstanceIds", ["valueSet"] = new JsonArray(linux.InstanceId, windows.InstanceId) }),
        });

        Assert.Equal([windows.InstanceId, linux.InstanceId], online);
        Assert.Equal([linux.InstanceId], old);
    }

    [Fact]
    public async Task Pages_of_five_follow_NextToken_and_limits_are_checked()
    {
        await using var cloud = await LocalAwsHarness.StartAsync();
        var all = Enumerable.Range(0, 7).Select(_ => SsmMachines.Add(cloud).InstanceId).Order(StringComparer.Ordinal).ToList();

        var first = await cloud.CallAsync(Ssm, "DescribeInstanceInformation", new JsonObject { ["MaxResults"] = 5 });
        var second = await cloud.CallAsync(Ssm, "DescribeInstanceInformation", new JsonObject { ["MaxResults"] = 5, ["NextToken"] = (string)first["NextToken"]! });

        Assert.Equal(all, first["InstanceInformationList"]!.AsArray().Concat(second["InstanceInformationList"]!.AsArray()).Select(n => (string)n!["InstanceId"]!));
        Assert.Null(second["NextToken"]);
        Assert.Equal("ValidationException", (await cloud.ErrorAsync(Ssm, "DescribeInstanceInformation", new JsonObject { ["MaxResults"] = 4 })).ErrorCode);
        Assert.Equal("InvalidNextToken", (await cloud.ErrorAsync(Ssm, "DescribeInstanceInformation", new JsonObject { ["NextToken"] = "nope" })).ErrorCode);
        Assert.Equal("InvalidFilterKey", (await cloud.ErrorAsync(Ssm, "DescribeInstanceInformation", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "Colour", ["Values"] = new JsonArray("red") }),
        })).ErrorCode);
        Assert.Equal("InvalidInstanceInformationFilterValue", (await cloud.ErrorAsync(Ssm, "DescribeInstanceInformation", new JsonObject
        {
            ["Filters"] = new JsonArray(new JsonObject { ["Key"] = "PingStatus", ["Values"] = new JsonArray("Sleeping") }),
        })).ErrorCode);
    }

    private static async Task<List<string>> Ids(LocalAwsHarness cloud, JsonObject input) =>
        [.. (await cloud.CallAsync(Ssm, "DescribeInstanceInformation", input))["InstanceInformationList"]!.AsArray().Select(n => (string)n!["InstanceId"]!)];
}
