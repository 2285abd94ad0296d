using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Hosting;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>A public (AMAZON-owned) bundle. Ids derive from the region and the name, like the fixed public ids of real regions.</summary>
internal sealed record LocalBundle(
    string BundleId,
    string Name,
    string Description,
    string ImageId,
    string OperatingSystemName,
    string Platform,
    string Compute,
    int RootGib,
    int UserGib,
    string Protocol);

/// <summary>What each region's WorkSpaces starts with: the seeded directory registered, and the public bundles.</summary>
internal static class WorkSpacesSeed
{
    /// <summary>When the public bundles were published: a fixed instant, so answers are reproducible.</summary>
    public static readonly DateTimeOffset BundlesPublished = new(2025, 6, 2, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Os, string Label, string Platform)[] OperatingSystems =
    [
        ("AMAZON_LINUX_2", "Amazon Linux 2", "Linux"),
        ("UBUNTU_22_04", "Ubuntu 22.04", "Linux"),
        ("WINDOWS_SERVER_2022", "Windows Server 2022", "Windows"),
    ];

    // vCPU/memory as the public bundle descriptions state them; storage in GiB (root, user).
    private static readonly (string Compute, string Label, string Hardware, int Root, int User)[] ComputeTypes =
    [
        ("VALUE", "Value", "1 vCPU 2GiB Memory", 80, 10),
        ("STANDARD", "Standard", "2 vCPU 4GiB Memory", 80, 50),
        ("PERFORMANCE", "Performance", "2 vCPU 8GiB Memory", 80, 100),
        ("POWER", "Power", "4 vCPU 16GiB Memory", 175, 100),
        ("POWERPRO", "PowerPro", "8 vCPU 32GiB Memory", 175, 100),
    ];

    public static IReadOnlyList<LocalBundle> Bundles(string region) =>
    [
        .. from os in OperatingSystems
           from compute in ComputeTypes
           let name = $"{compute.Label} with {os.Label}"
           select new LocalBundle(
               "wsb-" + Derive(region, "bundle/" + name, 9),
               name,
               $"{name} ({compute.Hardware}, {compute.Root}GB Root, {compute.User}GB User)",
               "wsi-" + Derive(region, "image/" + os.Label, 9),
               os.Os,
               os.Platform,
               compute.Compute,
               compute.Root,
               compute.User,
               "WSP"),
    ];

    public static LocalDirectory Directory(string region, string accountId)
    {
        var inventory = SeedInventory.For(region);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("workspaces/" + region)));
        return new LocalDirectory
        {
            DirectoryId = inventory.DirectoryId,
            Alias = inventory.DirectoryId,
            DirectoryName = inventory.DomainName,
            RegistrationCode = inventory.RegistrationCode,
            SubnetIds = ["subnet-" + digest[..17], "subnet-" + digest[17..34]],
            DnsIpAddresses = ["10.0.1.10", "10.0.2.10"],
            CustomerUserName = "Administrator",
            IamRoleId = $"arn:aws:iam::{accountId}:role/workspaces_DefaultRole",
            WorkspaceSecurityGroupId = "sg-" + digest[34..51],
            AccessProperties = new JsonObject
            {
                ["DeviceTypeWindows"] = "ALLOW",
                ["DeviceTypeOsx"] = "ALLOW",
                ["DeviceTypeWeb"] = "DENY",
                ["DeviceTypeIos"] = "ALLOW",
                ["DeviceTypeAndroid"] = "ALLOW",
                ["DeviceTypeChromeOs"] = "ALLOW",
                ["DeviceTypeZeroClient"] = "ALLOW",
                ["DeviceTypeLinux"] = "ALLOW",
                ["DeviceTypeWorkSpacesThinClient"] = "DENY",
            },
            CreationProperties = new JsonObject
            {
                ["EnableInternetAccess"] = false,
                ["DefaultOu"] = inventory.OrganizationalUnit,
                ["UserEnabledAsLocalAdministrator"] = false,
                ["EnableMaintenanceMode"] = true,
            },
        };
    }

    /// <summary><paramref name="length"/> characters of [0-9a-z] from a hash of region and key.</summary>
    private static string Derive(string region, string key, int length)
    {
        const string alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(region + "|" + key));
        return string.Create(length, hash, (span, bytes) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[bytes[i] % alphabet.Length];
            }
        });
    }
}

/// <summary>A directory registered with WorkSpaces. Its mutable parts are guarded by the service's lock.</summary>
internal sealed class LocalDirectory
{
    public required string DirectoryId { get; init; }

    public required string Alias { get; init; }

    public required string DirectoryName { get; init; }

    public required string RegistrationCode { get; init; }

    public required IReadOnlyList<string> SubnetIds { get; init; }

    public required IReadOnlyList<string> DnsIpAddresses { get; init; }

    public required string CustomerUserName { get; init; }

    public required string IamRoleId { get; init; }

    public required string WorkspaceSecurityGroupId { get; init; }

    /// <summary>The WorkspaceAccessProperties structure as it is answered.</summary>
    public required JsonObject AccessProperties { get; init; }

    /// <summary>The DefaultWorkspaceCreationProperties structure as it is answered.</summary>
    public required JsonObject CreationProperties { get; init; }

    public TagSet Tags { get; } = new();
}
