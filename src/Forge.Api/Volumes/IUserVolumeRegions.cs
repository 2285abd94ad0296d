using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

/// <summary>
/// Where a user's data already lives: the region of their user volume, or null when they have none.
/// The region choice prefers it so a user's next workstation finds their home.
/// </summary>
/// <remarks>
/// The regions work (issue 4) defines this contract as <c>Forge.Api.Regions.IUserVolumeRegions</c>; it was
/// not on main when this was written, so it lives here with the same shape. When both exist, delete this
/// one and let <see cref="UserVolumeRegions"/> implement the Regions interface.
/// </remarks>
public interface IUserVolumeRegions
{
    Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken);
}

/// <summary>The user's volume region from <see cref="UserVolume"/> rows: the most recently used one when they have several.</summary>
internal sealed class UserVolumeRegions(ForgeDbContext db) : IUserVolumeRegions
{
    public async Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken)
    {
        var regions = await db.UserVolumes.AsNoTracking().Where(v => v.OwnerId == ownerId && v.Lifecycle != UserVolumeLifecycle.Deleting)
            .Select(v => new { v.Region, v.UpdatedAt }).ToListAsync(cancellationToken);
        return regions.OrderByDescending(r => r.UpdatedAt).Select(r => r.Region).FirstOrDefault();
    }
}
