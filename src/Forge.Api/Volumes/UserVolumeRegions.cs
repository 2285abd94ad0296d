using Forge.Api.Persistence;
using Forge.Api.Regions;
using Microsoft.EntityFrameworkCore;

namespace Forge.Api.Volumes;

/// <summary>
/// <see cref="IUserVolumeRegions"/> over the <see cref="UserVolume"/> table, replacing the regions
/// capability's "nobody has a volume" default: a user's next workstation goes where their home is.
/// With volumes in several regions, the most recently used one.
/// </summary>
internal sealed class UserVolumeRegions(ForgeDbContext db) : IUserVolumeRegions
{
    public async Task<string?> FindRegionAsync(string ownerId, CancellationToken cancellationToken)
    {
        var regions = await db.UserVolumes.AsNoTracking().Where(v => v.OwnerId == ownerId && v.Lifecycle != UserVolumeLifecycle.Deleting)
            .Select(v => new { v.Region, v.UpdatedAt }).ToListAsync(cancellationToken);
        return regions.OrderByDescending(r => r.UpdatedAt).Select(r => r.Region).FirstOrDefault();
    }
}
