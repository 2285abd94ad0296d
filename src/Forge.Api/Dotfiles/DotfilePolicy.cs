using System.Text.RegularExpressions;
using Refusals = Forge.Aws.Ssm.ForgeDocuments.SyncRefusals;

namespace Forge.Api.Dotfiles;

/// <summary>Whether a path may be synced, and why not. <see cref="Reason"/> is one of <see cref="Refusals"/>' values.</summary>
public sealed record DotfileDecision(bool Allowed, string? Reason = null)
{
    public static DotfileDecision Allow { get; } = new(true);

    public static DotfileDecision Refuse(string reason) => new(false, reason);
}

/// <summary>
/// What may travel between a workstation's home folder and the user's volume: a pure function of a
/// home-relative path (and, when known, the link it is and the file's content). Never outside home,
/// never through a link that leaves it, never a private key by name (<c>.ssh/id_*</c>) or by content
/// (a PEM private key block). The workstation's script applies the same rules; Forge applies them to
/// the patterns it sends and to what the script reports having copied.
/// </summary>
public static partial class DotfilePolicy
{
    /// <summary>The dotfiles every deployment syncs; <see cref="DotfileOptions.ExtraPatterns"/> adds to them.</summary>
    public static IReadOnlyList<string> DefaultPatterns { get; } =
        [".bashrc", ".bash_profile", ".zshrc", ".vimrc", ".gitconfig", ".ssh/config", ".aws/config", ".aws/credentials"];

    /// <summary>Samples of private key names a pattern must not be able to match.</summary>
    private static readonly string[] PrivateKeySamples = [".ssh/id_rsa", ".ssh/id_ed25519", ".ssh/id_ecdsa", ".ssh/id_dsa"];

    public static DotfileDecision Decide(string path, string? symlinkTarget = null, string? content = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (PathRefusal(path) is { } refusal)
        {
            return DotfileDecision.Refuse(refusal);
        }

        if (PrivateKeyName().IsMatch("/" + path))
        {
            return DotfileDecision.Refuse(Refusals.PrivateKeyName);
        }

        if (symlinkTarget is not null && !LinkStaysHome(path, symlinkTarget))
        {
            return DotfileDecision.Refuse(Refusals.SymlinkEscapesHome);
        }

        return content is not null && PemPrivateKey().IsMatch(content) ? DotfileDecision.Refuse(Refusals.PrivateKeyContent) : DotfileDecision.Allow;
    }

    /// <summary>Why a configured glob pattern is unacceptable, or null: the path rules, plus "could it match a private key".</summary>
    public static string? PatternRefusal(string pattern)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        if (PathRefusal(pattern) is { } refusal)
        {
            return refusal;
        }

        var glob = new Regex("^" + Regex.Escape(pattern).Replace(@"\*\*", ".*", StringComparison.Ordinal)
            .Replace(@"\*", "[^/]*", StringComparison.Ordinal).Replace(@"\?", "[^/]", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return PrivateKeySamples.Any(glob.IsMatch) || PrivateKeyName().IsMatch("/" + pattern) ? Refusals.PrivateKeyName : null;
    }

    private static string? PathRefusal(string path)
    {
        if (path.Length == 0 || path.StartsWith('/') || path.StartsWith('~') || path.StartsWith('\\') || DriveLetter().IsMatch(path))
        {
            return Refusals.AbsolutePath;
        }

        return path.Replace('\\', '/').Split('/').Contains("..") ? Refusals.ParentDirectory : null;
    }

    /// <summary>A link's target, read from the link's folder, must stay inside home at every step.</summary>
    private static bool LinkStaysHome(string path, string target)
    {
        if (PathRefusal(target) == Refusals.AbsolutePath)
        {
            return false;
        }

        var depth = path.Split('/', StringSplitOptions.RemoveEmptyEntries).Length - 1;
        foreach (var segment in target.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            depth += segment switch { ".." => -1, "." => 0, _ => 1 };
            if (depth < 0)
            {
                return false;
            }
        }

        return true;
    }

    [GeneratedRegex(@"/\.ssh/id_[^/]*$")]
    private static partial Regex PrivateKeyName();

    [GeneratedRegex(@"-----BEGIN ([A-Z0-9]+ )*PRIVATE KEY-----")]
    private static partial Regex PemPrivateKey();

    [GeneratedRegex(@"^[A-Za-z]:")]
    private static partial Regex DriveLetter();
}
