using System.Globalization;
using System.Text;
using Apply = Forge.Aws.Ssm.ForgeDocuments.ApplySecurityProfile;

namespace Forge.Api.Hardening;

/// <summary>
/// The data-exfiltration controls of a workstation. The defaults are the strict profile: nothing
/// leaves the session but pixels, and those carry a watermark. Values are those of
/// Forge-ApplySecurityProfile's parameters.
/// </summary>
public sealed class SecurityProfile
{
    /// <summary><c>Disabled</c>, <c>CopyOnly</c> (session to client), <c>PasteOnly</c> (client to session) or <c>Enabled</c>. Default Disabled.</summary>
    public string Clipboard { get; set; } = "Disabled";

    /// <summary><c>Disabled</c>, <c>UploadOnly</c>, <c>DownloadOnly</c> or <c>Enabled</c>. Default Disabled.</summary>
    public string FileTransfer { get; set; } = "Disabled";

    public string Printing { get; set; } = "Disabled";

    public string Usb { get; set; } = "Disabled";

    public string LocalDrives { get; set; } = "Disabled";

    /// <summary><c>Blocked</c> or <c>Allowed</c>. Default Blocked.</summary>
    public string ScreenCapture { get; set; } = "Blocked";

    /// <summary><c>Enabled</c> (the user id and time over the desktop) or <c>Disabled</c>. Default Enabled.</summary>
    public string Watermark { get; set; } = "Enabled";

    internal static readonly Dictionary<string, string[]> Allowed = new(StringComparer.Ordinal)
    {
        [Apply.Clipboard] = ["Disabled", "CopyOnly", "PasteOnly", "Enabled"],
        [Apply.FileTransfer] = ["Disabled", "UploadOnly", "DownloadOnly", "Enabled"],
        [Apply.Printing] = ["Disabled", "Enabled"],
        [Apply.Usb] = ["Disabled", "Enabled"],
        [Apply.LocalDrives] = ["Disabled", "Enabled"],
        [Apply.ScreenCapture] = ["Blocked", "Allowed"],
        [Apply.Watermark] = ["Enabled", "Disabled"],
    };

    /// <summary>Forge-ApplySecurityProfile's parameters for one workspace (the watermark names its owner and request time).</summary>
    public Dictionary<string, string> Parameters(string owner, DateTimeOffset requestedAt) => new(StringComparer.Ordinal)
    {
        [Apply.Clipboard] = Clipboard,
        [Apply.FileTransfer] = FileTransfer,
        [Apply.Printing] = Printing,
        [Apply.Usb] = Usb,
        [Apply.LocalDrives] = LocalDrives,
        [Apply.ScreenCapture] = ScreenCapture,
        [Apply.Watermark] = Watermark,
        [Apply.WatermarkText] = WatermarkText(owner, requestedAt),
    };

    /// <summary>The document allows letters, digits and <c>._@-</c>, at most 64: other characters of the id become <c>_</c>.</summary>
    public static string WatermarkText(string owner, DateTimeOffset requestedAt)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var safe = new StringBuilder(owner.Length);
        foreach (var c in owner)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_');
        }

        var stamp = requestedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
        var user = safe.Length > 64 - stamp.Length - 1 ? safe.ToString()[..(64 - stamp.Length - 1)] : safe.ToString();
        return $"{user}@{stamp}";
    }

    /// <summary>What the machine reports that differs from what was applied, as "Name: expected X, observed Y".</summary>
    public static List<string> Differences(IReadOnlyDictionary<string, string> expected, IReadOnlyDictionary<string, string?> observed) =>
        [.. expected.Where(e => !string.Equals(observed.GetValueOrDefault(e.Key), e.Value, StringComparison.Ordinal))
            .Select(e => $"{e.Key}: expected {e.Value}, observed {observed.GetValueOrDefault(e.Key) ?? "nothing"}")];
}

/// <summary>Security profiles (section <c>SecurityProfiles</c>): the default (strict) and one per blueprint that needs another.</summary>
public sealed class SecurityProfileOptions
{
    public const string SectionName = "SecurityProfiles";

    public SecurityProfile Default { get; set; } = new();

    /// <summary>Per blueprint name; a blueprint not named here gets <see cref="Default"/>.</summary>
    public Dictionary<string, SecurityProfile> Blueprints { get; set; } = new(StringComparer.Ordinal);

    public SecurityProfile For(string blueprint) => Blueprints.GetValueOrDefault(blueprint) ?? Default;

    internal IEnumerable<string> Problems() =>
        Blueprints.Select(b => (Name: "Blueprints:" + b.Key, Profile: b.Value)).Prepend((Name: "Default", Profile: Default))
            .SelectMany(p => p.Profile.Parameters("x", DateTimeOffset.UnixEpoch)
                .Where(v => SecurityProfile.Allowed.TryGetValue(v.Key, out var allowed) && !allowed.Contains(v.Value))
                .Select(v => $"SecurityProfiles:{p.Name}:{v.Key} must be one of {string.Join(", ", SecurityProfile.Allowed[v.Key])}."));
}
