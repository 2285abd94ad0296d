using System.Security.Cryptography;
using System.Text;

namespace Forge.Aws.Ssm;

/// <summary>
/// One of Forge's SSM Command documents as shipped: name, JSON content and its SHA-256 in lower-case
/// hex, as SSM reports a document's <c>Hash</c> (HashType Sha256), so an installed copy can be compared.
/// </summary>
public sealed record ForgeDocument(string Name, string Content, string Sha256);

/// <summary>
/// The SSM Command documents Forge installs in every region (files under <c>documents/</c>, embedded
/// in this assembly) and the exact names of their parameters. Callers use these constants rather than
/// strings so a renamed parameter breaks the build, not a workstation.
/// </summary>
public static class ForgeDocuments
{
    private const string ResourcePrefix = "ForgeDocuments.";

    private static readonly Lazy<IReadOnlyDictionary<string, ForgeDocument>> Loaded = new(Load);

    /// <summary>Every document by name (<c>Forge-JoinDomain</c>, ...).</summary>
    public static IReadOnlyDictionary<string, ForgeDocument> All => Loaded.Value;

    /// <summary>The document named <paramref name="name"/>; throws when Forge has no such document.</summary>
    public static ForgeDocument Get(string name) =>
        All.TryGetValue(name, out var document) ? document : throw new KeyNotFoundException($"Forge has no SSM document named {name}.");

    private static Dictionary<string, ForgeDocument> Load()
    {
        var assembly = typeof(ForgeDocuments).Assembly;
        var documents = new Dictionary<string, ForgeDocument>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var content = reader.ReadToEnd();
            var name = resource[ResourcePrefix.Length..^".json".Length];
            documents[name] = new ForgeDocument(name, content, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content))));
        }

        return documents;
    }

#pragma warning disable CA1034 // Nested constants read as ForgeDocuments.JoinDomain.DomainName at the call site.
    public static class JoinDomain
    {
        public const string Name = "Forge-JoinDomain";
        public const string DomainName = "DomainName";
        public const string OrganizationalUnit = "OrganizationalUnit";

        /// <summary>The ARN of a secret holding <c>{"username","password"}</c>; never the value.</summary>
        public const string JoinCredentialsSecretArn = "JoinCredentialsSecretArn";
    }

    public static class ApplySecurityProfile
    {
        public const string Name = "Forge-ApplySecurityProfile";
        public const string Clipboard = "Clipboard";
        public const string FileTransfer = "FileTransfer";
        public const string Printing = "Printing";
        public const string Usb = "Usb";
        public const string LocalDrives = "LocalDrives";
        public const string ScreenCapture = "ScreenCapture";
        public const string Watermark = "Watermark";
        public const string WatermarkText = "WatermarkText";

        /// <summary>The parameters in document order; also the keys of ReportSecurityProfile's JSON.</summary>
        public static IReadOnlyList<string> Parameters { get; } =
            [Clipboard, FileTransfer, Printing, Usb, LocalDrives, ScreenCapture, Watermark, WatermarkText];
    }

    /// <summary>No parameters; prints one JSON object with the keys of <see cref="ApplySecurityProfile.Parameters"/>.</summary>
    public static class ReportSecurityProfile
    {
        public const string Name = "Forge-ReportSecurityProfile";
    }

    public static class MountUserVolume
    {
        public const string Name = "Forge-MountUserVolume";
        public const string VolumeId = "VolumeId";
        public const string NfsDnsName = "NfsDnsName";
        public const string JunctionPath = "JunctionPath";

        /// <summary><see cref="MountPoints.Home"/> on Linux, <see cref="MountPoints.DriveD"/> on Windows.</summary>
        public const string MountPoint = "MountPoint";
        public const string OwnerDirectoryUser = "OwnerDirectoryUser";
    }

    public static class UnmountUserVolume
    {
        public const string Name = "Forge-UnmountUserVolume";
        public const string MountPoint = "MountPoint";
    }

    public static class SyncDotfiles
    {
        public const string Name = "Forge-SyncDotfiles";

        /// <summary><see cref="SyncDirections.VolumeToHome"/> or <see cref="SyncDirections.HomeToVolume"/>.</summary>
        public const string Direction = "Direction";

        /// <summary>StringList of glob patterns relative to the home folder.</summary>
        public const string Patterns = "Patterns";
    }

    public static class InjectEnvironment
    {
        public const string Name = "Forge-InjectEnvironment";

        /// <summary>StringList of <c>NAME=arn:aws:secretsmanager:...</c>; an empty list removes every injected name.</summary>
        public const string SecretReferences = "SecretReferences";
    }

    public static class MountPoints
    {
        public const string Home = "home";
        public const string DriveD = "D:";
    }

    public static class SyncDirections
    {
        public const string VolumeToHome = "VolumeToHome";
        public const string HomeToVolume = "HomeToVolume";
    }

    /// <summary>The <c>reason</c> values of SyncDotfiles' <c>refused</c> entries.</summary>
    public static class SyncRefusals
    {
        public const string AbsolutePath = "absolute-path";
        public const string ParentDirectory = "parent-directory";
        public const string SymlinkEscapesHome = "symlink-escapes-home";
        public const string PrivateKeyName = "private-key-name";
        public const string PrivateKeyContent = "private-key-content";

        /// <summary>A folder (or anything but a file) stands where the copy or its backup would go.</summary>
        public const string NotARegularFile = "not-a-regular-file";
    }
#pragma warning restore CA1034
}
