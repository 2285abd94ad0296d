using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Forge.Aws.Fsx;
using Forge.LocalCloud.DirectoryService;
using Forge.LocalCloud.Hosting;

namespace Forge.LocalCloud.Fsx;

/// <summary>An SVM of the emulated file system: what the rules need, plus its description as AWS shows it.</summary>
internal sealed record FsxStorageVirtualMachine(
    string StorageVirtualMachineId,
    string FileSystemId,
    string RootVolumeSecurityStyle,
    JsonObject Description);

/// <summary>Each region's FSx for ONTAP file system and its one SVM, joined to the region's directory.</summary>
internal static class FsxSeed
{
    public const string SvmName = "forge";
    public const string SvmNetBiosName = "FORGESVM";

    public static FsxStorageVirtualMachine StorageVirtualMachine(string region, string accountId, DateTimeOffset creationTime)
    {
        var inventory = SeedInventory.For(region);
        var network = DirectorySeed.Network(region);
        var svmId = inventory.StorageVirtualMachineId;
        var fsId = inventory.FileSystemId;
        // AWS names the NFS and management endpoints after the SVM and file system ids; SMB after the
        // NetBIOS name in the joined domain; iSCSI gets its own name and one address per subnet.
        var dnsName = $"{svmId}.{fsId}.fsx.{region}.amazonaws.com";
        var dataIp = network.Address(1, 20);
        var description = new JsonObject
        {
            ["ActiveDirectoryConfiguration"] = new JsonObject
            {
                ["NetBiosName"] = SvmNetBiosName,
                ["SelfManagedActiveDirectoryConfiguration"] = new JsonObject
                {
                    ["DomainName"] = inventory.DomainName,
                    ["OrganizationalUnitDistinguishedName"] = inventory.OrganizationalUnit,
                    ["FileSystemAdministratorsGroup"] = "AWS Delegated FSx Administrators",
                    ["UserName"] = "Admin",
                    ["DnsIps"] = new JsonArray([.. network.DnsIpAddrs.Select(ip => (JsonNode)ip)]),
                },
            },
            ["CreationTime"] = creationTime.ToUnixTimeMilliseconds() / 1000m,
            ["Endpoints"] = new JsonObject
            {
                ["Iscsi"] = Endpoint($"iscsi.{dnsName}", network.Address(1, 21), network.Address(2, 21)),
                ["Management"] = Endpoint(dnsName, dataIp),
                ["Nfs"] = Endpoint(dnsName, dataIp),
                ["Smb"] = Endpoint($"{SvmNetBiosName}.{inventory.DomainName}".ToLowerInvariant(), dataIp),
            },
            ["FileSystemId"] = fsId,
            ["Lifecycle"] = StorageVirtualMachineLifecycle.Created,
            ["Name"] = SvmName,
            ["ResourceARN"] = $"arn:aws:fsx:{region}:{accountId}:storage-virtual-machine/{fsId}/{svmId}",
            ["StorageVirtualMachineId"] = svmId,
            ["Subtype"] = "DEFAULT",
            ["UUID"] = DeterministicUuid(svmId),
            ["Tags"] = new JsonArray(new JsonObject { ["Key"] = "Name", ["Value"] = SvmName }),
            ["RootVolumeSecurityStyle"] = SecurityStyle.Mixed,
        };
        return new FsxStorageVirtualMachine(svmId, fsId, SecurityStyle.Mixed, description);
    }

    private static JsonObject Endpoint(string dnsName, params string[] ips) => new()
    {
        ["DNSName"] = dnsName,
        ["IpAddresses"] = new JsonArray([.. ips.Select(ip => (JsonNode)ip)]),
    };

    private static string DeterministicUuid(string seed) =>
        new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(seed)).AsSpan(0, 16)).ToString();
}
