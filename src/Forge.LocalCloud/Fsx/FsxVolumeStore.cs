using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Fsx;

/// <summary>
/// The FSx state of the local cloud, per region: the seeded SVM, the volumes and the idempotency tokens
/// of CreateVolume. Public members let other parts of the local cloud (machines mounting a volume) find
/// a volume and read or write its files; the FSx API goes through <see cref="Use{T}"/>.
/// </summary>
public sealed class FsxVolumeStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, FsxRegionState> _regions = new(StringComparer.Ordinal);
    private readonly LocalCloudOptions _options;
    private readonly TimeProvider _clock;
    private readonly DateTimeOffset _seededAt;

    public FsxVolumeStore(LocalCloudOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _clock = clock;
        // The seeded SVM existed long before the local cloud started.
        _seededAt = clock.GetUtcNow().AddDays(-30);
    }

    /// <summary>How long a volume stays CREATING, and DELETING.</summary>
    public TimeSpan TransitionTime => _options.VolumeCreateTime;

    /// <summary>A volume of any region that exists now (CREATING, CREATED or DELETING); null if unknown or gone.</summary>
    public FsxVolume? FindVolume(string volumeId)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            return _regions.Values.Select(r => r.Volumes.GetValueOrDefault(volumeId))
                .FirstOrDefault(v => v is not null && v.LifecycleAt(now, TransitionTime) is not null);
        }
    }

    /// <summary>The volume mounted at <paramref name="junctionPath"/> on an SVM, if one exists now.</summary>
    public FsxVolume? FindByJunctionPath(string region, string storageVirtualMachineId, string junctionPath) =>
        Use(region, (state, _) => state.Volumes.Values.FirstOrDefault(v =>
            v.StorageVirtualMachineId == storageVirtualMachineId && v.JunctionPath == junctionPath));

    /// <summary>A file of a volume that exists now; null when the volume or the file does not.</summary>
    public FsxFile? ReadFile(string volumeId, string path) => FindVolume(volumeId)?.ReadFile(path);

    /// <summary>Writes a file, stamped with the local cloud's clock; false when the volume does not exist.</summary>
    public bool WriteFile(string volumeId, string path, string content)
    {
        var volume = FindVolume(volumeId);
        volume?.WriteFile(path, content, _clock.GetUtcNow());
        return volume is not null;
    }

    /// <summary>The volume's current lifecycle (a <c>VolumeLifecycle</c> value), or null once it is gone.</summary>
    public string? LifecycleOf(FsxVolume volume)
    {
        ArgumentNullException.ThrowIfNull(volume);
        lock (_gate)
        {
            return volume.LifecycleAt(_clock.GetUtcNow(), TransitionTime);
        }
    }

    /// <summary>Runs <paramref name="action"/> on a region's state under the store's lock, gone volumes removed.</summary>
    internal T Use<T>(string region, Func<FsxRegionState, DateTimeOffset, T> action)
    {
        lock (_gate)
        {
            var now = _clock.GetUtcNow();
            if (!_regions.TryGetValue(region, out var state))
            {
                state = new FsxRegionState();
                // Only configured regions have the seeded file system; elsewhere FSx is empty.
                if (_options.Regions.Contains(region, StringComparer.Ordinal))
                {
                    state.StorageVirtualMachines.Add(FsxSeed.StorageVirtualMachine(region, _options.AccountId, _seededAt));
                }

                _regions[region] = state;
            }

            foreach (var gone in state.Volumes.Values.Where(v => v.LifecycleAt(now, TransitionTime) is null).ToList())
            {
                state.Volumes.Remove(gone.VolumeId);
            }

            return action(state, now);
        }
    }
}

/// <summary>One region's FSx state. Only touched under <see cref="FsxVolumeStore"/>'s lock.</summary>
internal sealed class FsxRegionState
{
    public List<FsxStorageVirtualMachine> StorageVirtualMachines { get; } = [];

    public Dictionary<string, FsxVolume> Volumes { get; } = new(StringComparer.Ordinal);

    /// <summary>CreateVolume's ClientRequestToken → the request it came with and the volume it made.</summary>
    public Dictionary<string, (JsonObject Request, string VolumeId)> Tokens { get; } = new(StringComparer.Ordinal);
}
