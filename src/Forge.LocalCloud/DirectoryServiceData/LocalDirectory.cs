using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Forge.LocalCloud.Hosting;

namespace Forge.LocalCloud.DirectoryServiceData;

/// <summary>A directory user as Directory Service Data shows it; the password itself is never kept, only when it was set.</summary>
public sealed class DirectoryUser
{
    public required string SamAccountName { get; init; }

    public required string Sid { get; init; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    public string? EmailAddress { get; set; }

    /// <summary>Further LDAP attributes by display name (case-insensitive), each an AttributeValue object.</summary>
    public Dictionary<string, JsonObject> Attributes { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>A new user is disabled until its password is set (ResetUserPassword enables it).</summary>
    public bool Enabled { get; set; }

    public DateTimeOffset? PasswordSetAt { get; set; }
}

/// <summary>A directory group; the seeded ones stand for the groups an organisation's AD already has.</summary>
public sealed class DirectoryGroup
{
    public required string SamAccountName { get; init; }

    public required string Sid { get; init; }

    public string GroupScope { get; init; } = "Global";

    public string GroupType { get; init; } = "Security";

    public HashSet<string> Members { get; } = new(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The users, groups and memberships of one region's seeded Managed Microsoft AD, shared by Directory Service
/// (ResetUserPassword) and Directory Service Data. Callers hold <see cref="Sync"/> while they read or change it.
/// </summary>
public sealed class LocalDirectory
{
    /// <summary>Groups every seeded directory has; developers' groups to mirror onto pool identities come from here.</summary>
    public static readonly IReadOnlyList<string> SeededGroups = ["Domain Users", "Forge Developers", "Forge Team Leads", "Forge Admins"];

    private int _nextRid = 1100;

    public LocalDirectory(string region)
    {
        ArgumentNullException.ThrowIfNull(region);
        var inventory = SeedInventory.For(region);
        DirectoryId = inventory.DirectoryId;
        DomainName = inventory.DomainName;
        Realm = inventory.DomainName.ToUpperInvariant();
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes("domain-sid:" + region));
        DomainSid = $"S-1-5-21-{BitConverter.ToUInt32(digest, 0)}-{BitConverter.ToUInt32(digest, 4)}-{BitConverter.ToUInt32(digest, 8)}";
        foreach (var name in SeededGroups)
        {
            Groups[name] = new DirectoryGroup { SamAccountName = name, Sid = NextSid() };
        }
    }

    public string DirectoryId { get; }

    public string DomainName { get; }

    /// <summary>The Kerberos realm (the domain name in upper case), as Directory Service Data reports it.</summary>
    public string Realm { get; }

    public string DomainSid { get; }

    public object Sync { get; } = new();

    public Dictionary<string, DirectoryUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Dictionary<string, DirectoryGroup> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Answers by client token, kept 8 hours: the operation, a fingerprint of its input, and the answer given.</summary>
    public Dictionary<string, (string Operation, string Fingerprint, JsonObject Answer, DateTimeOffset At)> ClientTokens { get; } = new(StringComparer.Ordinal);

    public string NextSid() => $"{DomainSid}-{_nextRid++}";

    public string DistinguishedName(string samAccountName) =>
        $"CN={samAccountName},OU=Users,OU={DomainName.Split('.')[0].ToUpperInvariant()},{string.Join(',', DomainName.Split('.').Select(p => "DC=" + p))}";

    /// <summary>The groups <paramref name="member"/> belongs to, by name.</summary>
    public IEnumerable<DirectoryGroup> GroupsOf(string member) =>
        Groups.Values.Where(g => g.Members.Contains(member)).OrderBy(g => g.SamAccountName, StringComparer.OrdinalIgnoreCase);
}

/// <summary>Each configured region's directory.</summary>
public sealed class LocalDirectories(LocalCloudOptions options)
{
    private readonly Dictionary<string, LocalDirectory> _byRegion = options.Regions.Distinct(StringComparer.Ordinal)
        .ToDictionary(r => r, r => new LocalDirectory(r), StringComparer.Ordinal);

    /// <summary>The directory <paramref name="directoryId"/> of <paramref name="region"/>; null when the region has no such directory.</summary>
    public LocalDirectory? Find(string region, string directoryId) =>
        _byRegion.TryGetValue(region, out var directory) && directory.DirectoryId == directoryId ? directory : null;

    public LocalDirectory? InRegion(string region) => _byRegion.GetValueOrDefault(region);
}
