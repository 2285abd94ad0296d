using System.Text;
using System.Text.RegularExpressions;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// The glob patterns of Forge-SyncDotfiles, as bash expands them with <c>dotglob</c> and <c>globstar</c>:
/// <c>*</c> and <c>?</c> stay within one folder, <c>**</c> crosses folders, dot files match.
/// </summary>
internal static class DotfileGlob
{
    public static Regex ToRegex(string pattern)
    {
        var regex = new StringBuilder("^");
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                // "**/" matches zero or more whole folders; a trailing "**" everything below.
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return new Regex(regex.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>The refusal of a pattern before it is expanded, or null when it stays inside home.</summary>
    public static string? Refusal(string pattern)
    {
        if (pattern.StartsWith('/') || pattern.StartsWith('~') || (pattern.Length > 1 && pattern[1] == ':'))
        {
            return Forge.Aws.Ssm.ForgeDocuments.SyncRefusals.AbsolutePath;
        }

        return pattern.Split('/').Contains("..") ? Forge.Aws.Ssm.ForgeDocuments.SyncRefusals.ParentDirectory : null;
    }
}
