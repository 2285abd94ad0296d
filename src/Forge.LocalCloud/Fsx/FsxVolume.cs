using System.Text.Json.Nodes;
using Forge.Aws.Fsx;

namespace Forge.LocalCloud.Fsx;

/// <summary>A file on an emulated volume: its text and when it was last written.</summary>
public sealed record FsxFile(string Content, DateTimeOffset Modified);

/// <summary>
/// An emulated ONTAP volume: what CreateVolume asked for, when, and the files written to it since.
/// The lifecycle is not stored but computed from the clock, so a FakeTimeProvider drives it.
/// </summary>
public sealed class FsxVolume
{
    private readonly Dictionary<string, FsxFile> _files = new(StringComparer.Ordinal);
    private readonly Lock _filesGate = new();

    internal FsxVolume(string volumeId, string region, string fileSystemId, string resourceArn, string uuid,
        FsxVolumeSpec spec, DateTimeOffset creationTime)
    {
        VolumeId = volumeId;
        Region = region;
        FileSystemId = fileSystemId;
        ResourceARN = resourceArn;
        UUID = uuid;
        Spec = spec;
        CreationTime = creationTime;
    }

    public string VolumeId { get; }

    public string Region { get; }

    public string FileSystemId { get; }

    public string StorageVirtualMachineId => Spec.StorageVirtualMachineId;

    public string Name => Spec.Name;

    /// <summary>Where the volume is mounted on its SVM, e.g. <c>/home_alice</c>; null for an unmounted DP volume.</summary>
    public string? JunctionPath => Spec.JunctionPath;

    public string ResourceARN { get; }

    public string UUID { get; }

    public DateTimeOffset CreationTime { get; }

    internal FsxVolumeSpec Spec { get; }

    /// <summary>Set by DeleteVolume; the volume is DELETING from then on, and gone after the delete time.</summary>
    internal DateTimeOffset? DeleteRequestedAt { get; set; }

    /// <summary>The final backup DeleteVolume took, with its tags; null when it was skipped.</summary>
    internal JsonObject? FinalBackup { get; set; }

    /// <summary>The volume's lifecycle at <paramref name="now"/>, or null once a delete has finished.</summary>
    internal string? LifecycleAt(DateTimeOffset now, TimeSpan transitionTime) => DeleteRequestedAt switch
    {
        { } deleting when now >= deleting + transitionTime => null,
        not null => VolumeLifecycle.Deleting,
        null when now < CreationTime + transitionTime => VolumeLifecycle.Creating,
        _ => VolumeLifecycle.Created,
    };

    /// <summary>The files, keyed by volume-relative path (<c>docs/readme.txt</c>), as a snapshot.</summary>
    public IReadOnlyDictionary<string, FsxFile> ListFiles()
    {
        lock (_filesGate)
        {
            return new Dictionary<string, FsxFile>(_files, StringComparer.Ordinal);
        }
    }

    public FsxFile? ReadFile(string path)
    {
        var key = FsxPaths.Normalize(path);
        lock (_filesGate)
        {
            return _files.GetValueOrDefault(key);
        }
    }

    public void WriteFile(string path, string content, DateTimeOffset modified)
    {
        ArgumentNullException.ThrowIfNull(content);
        var key = FsxPaths.Normalize(path);
        lock (_filesGate)
        {
            _files[key] = new FsxFile(content, modified);
        }
    }

    public bool DeleteFile(string path)
    {
        var key = FsxPaths.Normalize(path);
        lock (_filesGate)
        {
            return _files.Remove(key);
        }
    }
}

/// <summary>What a CreateVolume request asked for, with AWS's defaults filled in.</summary>
internal sealed record FsxVolumeSpec(
    string Name,
    string StorageVirtualMachineId,
    string? JunctionPath,
    string? SecurityStyle, // null until the SVM root volume's style fills it in
    long SizeInBytes,
    bool? StorageEfficiencyEnabled,
    string TieringPolicyName,
    int? CoolingPeriod,
    string OntapVolumeType,
    string SnapshotPolicy,
    bool CopyTagsToBackups,
    string VolumeStyle,
    IReadOnlyList<string> Aggregates,
    int? TotalConstituents,
    JsonObject? SnaplockConfiguration,
    JsonArray? Tags);

/// <summary>Paths inside a volume: '/'-separated, relative, without '.' or '..' segments.</summary>
public static class FsxPaths
{
    public static string Normalize(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length == 0 || segments.Any(s => s is "." or ".."))
        {
            throw new ArgumentException($"'{path}' is not a file path inside a volume.", nameof(path));
        }

        return string.Join('/', segments);
    }
}
