using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Follows symbolic links in a fake home folder (<see cref="Machine.HomeFiles"/> entries with a
/// target) the way the kernel does, to tell where a home-relative path really ends up.
/// </summary>
internal static class HomeLinks
{
    /// <summary>Linux gives up after 40 links (ELOOP); so does the fake machine.</summary>
    private const int MaxLinks = 40;

    /// <summary>
    /// The home-relative path <paramref name="relative"/> resolves to, or null when a link on the way
    /// leads out of the home folder (absolute target, too many <c>..</c>, or a loop). Call under the machine's lock.
    /// </summary>
    public static string? Resolve(IReadOnlyDictionary<string, MachineFile> home, string relative)
    {
        var pending = new Queue<string>(relative.Split('/'));
        var resolved = new List<string>();
        var links = 0;
        while (pending.Count > 0)
        {
            var segment = pending.Dequeue();
            if (segment is "" or ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (resolved.Count == 0)
                {
                    return null;
                }

                resolved.RemoveAt(resolved.Count - 1);
                continue;
            }

            resolved.Add(segment);
            if (home.GetValueOrDefault(string.Join('/', resolved))?.SymlinkTarget is not { } target)
            {
                continue;
            }

            if (++links > MaxLinks || target.StartsWith('/') || target.StartsWith('~') || target.Contains('\\', StringComparison.Ordinal))
            {
                return null;
            }

            // The link is replaced by its target, read relative to the link's folder.
            resolved.RemoveAt(resolved.Count - 1);
            pending = new Queue<string>(target.Split('/').Concat(pending));
        }

        return resolved.Count == 0 ? null : string.Join('/', resolved);
    }
}
