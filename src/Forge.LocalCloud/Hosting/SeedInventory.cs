using System.Security.Cryptography;
using System.Text;

namespace Forge.LocalCloud.Hosting;

/// <summary>
/// What every region of the local cloud starts with: one Active Directory (registered with WorkSpaces)
/// and one FSx for NetApp ONTAP file system with one SVM. Ids derive from the region, so they are the
/// same on every start and every machine.
/// </summary>
public sealed record RegionInventory(
    string Region,
    string DirectoryId,
    string DomainName,
    string DomainShortName,
    string RegistrationCode,
    string FileSystemId,
    string StorageVirtualMachineId,
    string OrganizationalUnit);

public static class SeedInventory
{
    public const string DomainName = "corp.forge.internal";
    public const string DomainShortName = "CORP";
    public const string OrganizationalUnit = "OU=Workstations,OU=Forge,DC=corp,DC=forge,DC=internal";

    public static RegionInventory For(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(region)));
        var compact = region.Replace("-", "", StringComparison.Ordinal);
        return new RegionInventory(
            region,
            DirectoryId: "d-" + digest[..10],
            DomainName,
            DomainShortName,
            RegistrationCode: $"WS{compact[..Math.Min(4, compact.Length)]}+{digest[10..16].ToUpperInvariant()}",
            FileSystemId: "fs-" + digest[16..33],
            StorageVirtualMachineId: "svm-" + digest[33..50],
            OrganizationalUnit);
    }
}
