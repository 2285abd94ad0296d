namespace Forge.Api.Regions;

/// <summary>
/// Where a user's volume lives, so their workstations are placed next to their data. The Volumes
/// capability registers its own implementation over its volume table (replacing
/// <see cref="NoUserVolumeRegions"/>); region selection only reads it.
/// </summary>
public interface IUserVolumeRegions
{
    /// <summary>The region of <paramref name="ownerId"/>'s user volume, or null when they have none.</summary>
    Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken);
}

/// <summary>Until a volume capability is registered, nobody has a volume.</summary>
public sealed class NoUserVolumeRegions : IUserVolumeRegions
{
    public Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
