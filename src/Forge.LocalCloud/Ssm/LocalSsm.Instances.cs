using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Protocol;
using Forge.LocalCloud.SecretsManager;

namespace Forge.LocalCloud.Ssm;

public sealed partial class LocalSsm
{
    /// <summary>The SSM Agent version the fake machines report.</summary>
    public const string AgentVersion = "3.3.1142.0";

    private static readonly HashSet<string> PingStatuses = new(StringComparer.Ordinal) { "Online", "ConnectionLost", "Inactive" };

    private JsonObject DescribeInstanceInformation(JsonInput request, LocalRequestContext context)
    {
        var maxResults = request.Int("MaxResults", 5, 50) ?? 50;
        var filters = request.Structures("InstanceInformationFilterList")
            .Select(f => (Key: f.RequiredString("key"), Values: f.Strings("valueSet", 1, 100) ?? []))
            .Concat(request.Structures("Filters").Select(f => (Key: f.RequiredString("Key"), Values: f.Strings("Values", 1, 100) ?? [])))
            .ToList();
        foreach (var (key, values) in filters)
        {
            CheckFilter(key, values);
        }

        var views = machines.InRegion(context.Region).Select(m => View(m, context)).Where(v => filters.All(f => Matches(v, f.Key, f.Values))).ToList();
        var offset = Offset(request.String("NextToken"));
        var output = new JsonObject
        {
            ["InstanceInformationList"] = new JsonArray([.. views.Skip(offset).Take(maxResults).Select(v => (JsonNode)v)]),
        };
        if (offset + maxResults < views.Count)
        {
            output["NextToken"] = Convert.ToBase64String(Encoding.UTF8.GetBytes($"instances:{offset + maxResults}"));
        }

        return output;
    }

    private static void CheckFilter(string key, List<string> values)
    {
        switch (key)
        {
            case "InstanceIds" when values.Any(v => !InstanceIdPattern().IsMatch(v)):
                throw new LocalCloudException("InvalidInstanceId", "An instance id in the filter is not valid.");
            case "PingStatus" when values.Any(v => !PingStatuses.Contains(v)):
            case "ResourceType" when values.Any(v => v is not ("ManagedInstance" or "EC2Instance")):
            case "PlatformTypes" when values.Any(v => v is not ("Windows" or "Linux" or "MacOS")):
                throw new LocalCloudException("InvalidInstanceInformationFilterValue", $"A value of the filter {key} is not valid.");
            case "InstanceIds" or "PingStatus" or "ResourceType" or "PlatformTypes" or "AgentVersion":
                return;
            default:
                throw new LocalCloudException("InvalidFilterKey", $"The filter key {key} is not supported.");
        }
    }

    private static bool Matches(JsonObject view, string key, List<string> values)
    {
        var member = key switch
        {
            "InstanceIds" => "InstanceId",
            "PlatformTypes" => "PlatformType",
            _ => key,
        };
        return values.Contains(view[member]?.GetValue<string>() ?? "", StringComparer.Ordinal);
    }

    /// <summary>A WorkSpace's machine as a hybrid managed node; the agent answers only while the machine runs.</summary>
    private static JsonObject View(Machine machine, LocalRequestContext context)
    {
        lock (machine.Gate)
        {
            var windows = machine.Platform == "Windows";
            return new JsonObject
            {
                ["InstanceId"] = machine.InstanceId,
                ["PingStatus"] = machine.Online ? "Online" : "ConnectionLost",
                ["LastPingDateTime"] = SsmCommandJson.Epoch(machine.Online ? context.Now : machine.LastPing ?? context.Now),
                ["AgentVersion"] = AgentVersion,
                ["IsLatestVersion"] = true,
                ["PlatformType"] = machine.Platform,
                ["PlatformName"] = windows ? "Microsoft Windows Server 2022 Datacenter" : "Amazon Linux",
                ["PlatformVersion"] = windows ? "10.0.20348" : "2",
                ["ResourceType"] = "ManagedInstance",
                ["Name"] = machine.WorkspaceId,
                ["ComputerName"] = machine.ComputerName,
                ["SourceId"] = machine.InstanceId,
                ["SourceType"] = "AWS::SSM::ManagedInstance",
            };
        }
    }

    private static int Offset(string? token)
    {
        if (token is null)
        {
            return 0;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            return text.StartsWith("instances:", StringComparison.Ordinal)
                && int.TryParse(text["instances:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
                ? offset
                : throw new LocalCloudException("InvalidNextToken", "The token is not valid.");
        }
        catch (FormatException)
        {
            throw new LocalCloudException("InvalidNextToken", "The token is not valid.");
        }
    }
}
