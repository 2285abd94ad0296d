extern alias localcloud;
using Forge.Aws.DirectoryServiceData;
using localcloud::Forge.LocalCloud.DirectoryServiceData;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Pools;

/// <summary>What the pool suites need of a region's directory: developers as the organisation's AD has them, and a user's groups.</summary>
internal static class DirectoryUsers
{
    /// <summary>A developer's own directory user with these groups, set up in the local cloud directly (not Forge's to make).</summary>
    public static void AddDeveloper(IServiceProvider localCloud, string region, string name, params string[] groups)
    {
        var directory = localCloud.GetRequiredService<LocalDirectories>().InRegion(region)!;
        lock (directory.Sync)
        {
            directory.Users[name] = new DirectoryUser { SamAccountName = name, Sid = directory.NextSid(), Enabled = true };
            foreach (var group in groups)
            {
                directory.Groups[group].Members.Add(name);
            }
        }
    }

    /// <summary>The groups <paramref name="user"/> is a member of, as ds-data lists them on the wire.</summary>
    public static async Task<List<string>> GroupsAsync(DirectoryServiceDataClient data, string directoryId, string region, string user)
    {
        var names = new List<string>();
        await foreach (var group in data.EnumerateGroupsForMemberAsync(directoryId, user, region))
        {
            names.Add(group.SAMAccountName!);
        }

        return names;
    }
}
