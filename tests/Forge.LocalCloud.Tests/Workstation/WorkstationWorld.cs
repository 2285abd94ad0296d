using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forge.Aws;
using Forge.Aws.Ssm;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Tests.SecretsManager;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Tests.Workstation;

/// <summary>
/// A local cloud on a fake clock with Forge's documents installed the way Forge installs them
/// (CreateDocument with the content ForgeDocuments ships), machines, secrets and volumes, and the
/// control surface: everything a workstation test needs, over signed HTTP.
/// </summary>
internal sealed class WorkstationWorld : IAsyncDisposable
{
    public const string Region = "us-east-1";

    private static int _nextMachine;

    /// <summary>Every secret value this world stored, and the string members of JSON ones: none may ever travel in a command.</summary>
    private readonly List<string> _secretValues = [];

    private WorkstationWorld(LocalAwsHarness cloud)
    {
        Cloud = cloud;
        Control = new HttpClient { BaseAddress = cloud.BaseAddress };
    }

    public LocalAwsHarness Cloud { get; }

    public HttpClient Control { get; }

    public FakeTimeProvider Clock => Cloud.Clock;

    public static RegionInventory Seed { get; } = SeedInventory.For(Region);

    /// <summary>Starts a local cloud and installs Forge's documents in <paramref name="regions"/> (us-east-1 when none).</summary>
    public static async Task<WorkstationWorld> StartAsync(Action<IServiceCollection>? services = null, params string[] regions)
    {
        var world = new WorkstationWorld(await LocalAwsHarness.StartAsync(services));
        foreach (var region in regions.Length == 0 ? [Region] : regions)
        {
            foreach (var document in ForgeDocuments.All.Values)
            {
                await world.Cloud.CallAsync(AwsServices.Ssm, "CreateDocument", new JsonObject
                {
                    ["Name"] = document.Name,
                    ["Content"] = document.Content,
                    ["DocumentType"] = "Command",
                    ["DocumentFormat"] = "JSON",
                }, region);
            }
        }

        return world;
    }

    /// <summary>A running machine put straight into the registry, standing in for a WorkSpace.</summary>
    public Machine AddMachine(string platform = "Linux", string region = Region, bool joined = false)
    {
        var n = Interlocked.Increment(ref _nextMachine);
        var machine = new Machine($"ws-wks{n:d6}", $"mi-{n + 0xabc00:x17}", region, platform, $"WKS{n:d6}") { Online = true };
        if (joined)
        {
            machine.Domain.Joined = true;
            machine.Domain.Name = SeedInventory.DomainName;
        }

        Cloud.Services.GetRequiredService<MachineRegistry>().Add(machine);
        return machine;
    }

    /// <summary>Sends a document to one machine, lets the clock run it to the end and returns the invocation.</summary>
    public async Task<Invocation> RunAsync(Machine machine, string document, Dictionary<string, string[]> parameters)
    {
        var sent = await Cloud.CallAsync(AwsServices.Ssm, "SendCommand", new JsonObject
        {
            ["DocumentName"] = document,
            ["InstanceIds"] = new JsonArray(machine.InstanceId),
            ["Parameters"] = new JsonObject(parameters.Select(p =>
                KeyValuePair.Create(p.Key, (JsonNode?)new JsonArray([.. p.Value.Select(v => (JsonNode)v)])))),
        }, machine.Region);
        Clock.Advance(TimeSpan.FromSeconds(5));
        var answer = await Cloud.CallAsync(AwsServices.Ssm, "GetCommandInvocation", new JsonObject
        {
            ["CommandId"] = (string)sent["Command"]!["CommandId"]!,
            ["InstanceId"] = machine.InstanceId,
        }, machine.Region);
        return new Invocation((string)answer["Status"]!, (int)answer["ResponseCode"]!,
            (string)answer["StandardOutputContent"]!, (string)answer["StandardErrorContent"]!);
    }

    /// <summary><c>GET /_localcloud/machines/{id}</c>.</summary>
    public async Task<JsonObject> MachineViewAsync(Machine machine) =>
        JsonNode.Parse(await Control.GetStringAsync(new Uri($"_localcloud/machines/{machine.WorkspaceId}", UriKind.Relative)))!.AsObject();

    public async Task<string> CreateSecretAsync(string name, string value, string region = Region)
    {
        Remember(value);
        return (string)(await Cloud.CallAsync(AwsServices.SecretsManager, "CreateSecret",
            new JsonObject { ["Name"] = name, ["SecretString"] = value }, region))["ARN"]!;
    }

    public Task PutSecretValueAsync(string arn, string value, string region = Region)
    {
        Remember(value);
        return Cloud.CallAsync(AwsServices.SecretsManager, "PutSecretValue", new JsonObject { ["SecretId"] = arn, ["SecretString"] = value }, region);
    }

    private void Remember(string value)
    {
        _secretValues.Add(value);
        if (value.StartsWith('{') && JsonNode.Parse(value) is JsonObject members)
        {
            _secretValues.AddRange(members.Select(m => m.Value?.ToString() ?? "").Where(v => v.Length >= 6));
        }
    }

    /// <summary>Creates an ONTAP volume on the region's seeded SVM; it is CREATING until the clock passes the create time.</summary>
    public async Task<string> CreateVolumeAsync(string name, string region = Region)
    {
        var answer = await Cloud.CallAsync(AwsServices.Fsx, "CreateVolume", new JsonObject
        {
            ["VolumeType"] = "ONTAP",
            ["Name"] = name,
            ["OntapConfiguration"] = new JsonObject
            {
                ["StorageVirtualMachineId"] = SeedInventory.For(region).StorageVirtualMachineId,
                ["JunctionPath"] = "/" + name,
                ["SizeInBytes"] = 10L * 1024 * 1024 * 1024,
                ["StorageEfficiencyEnabled"] = true,
            },
        }, region);
        return (string)answer["Volume"]!["VolumeId"]!;
    }

    /// <summary>The SVM's NFS DNS name, as DescribeStorageVirtualMachines reports it.</summary>
    public static string NfsDnsName(string region = Region)
    {
        var seed = SeedInventory.For(region);
        return $"{seed.StorageVirtualMachineId}.{seed.FileSystemId}.fsx.{region}.amazonaws.com";
    }

    /// <summary>Every SendCommand the local cloud recorded, as <c>GET /_localcloud/ssm/commands</c> shows them.</summary>
    public Task<string> SentCommandsAsync() => Control.GetStringAsync(new Uri("_localcloud/ssm/commands", UriKind.Relative));

    /// <summary>Asserts that no recorded command carries any of <paramref name="secretValues"/>.</summary>
    public async Task AssertNoSecretSentAsync(params string[] secretValues)
    {
        var commands = await SentCommandsAsync();
        Assert.Contains("\"commandId\"", commands, StringComparison.Ordinal);
        foreach (var value in secretValues)
        {
            Assert.DoesNotContain(value, commands, StringComparison.Ordinal);
        }
    }

    public Task<HttpResponseMessage> SetJoinFailuresAsync(Machine machine, int count) =>
        Control.PutAsJsonAsync(new Uri($"_localcloud/machines/{machine.WorkspaceId}/faults", UriKind.Relative), new { domainJoinFailures = count });

    /// <summary>Fails the test if any stored secret value was ever sent as a command parameter, then stops the cloud.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            var commands = await SentCommandsAsync();
            Assert.All(_secretValues, value => Assert.DoesNotContain(value, commands, StringComparison.Ordinal));
        }
        finally
        {
            Control.Dispose();
            await Cloud.DisposeAsync();
        }
    }
}

/// <summary>What GetCommandInvocation said when the document had finished.</summary>
internal sealed record Invocation(string Status, int ResponseCode, string Output, string Error)
{
    public JsonObject Json => JsonNode.Parse(Output)!.AsObject();
}
