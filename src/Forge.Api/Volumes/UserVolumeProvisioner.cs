using Forge.Api.Persistence;
using Forge.Aws.Fsx;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

/// <summary>
/// Makes sure a user has their volume in a region, CREATED: the row first (one per user per region,
/// by a unique index), then the FSx volume, found by its <c>forge:volume-id</c> tag before it is
/// created with a ClientRequestToken derived from the row's id, so a retried or repeated step never
/// makes a second one. <see cref="EnsureAsync"/> waits on <see cref="TimeProvider"/> until FSx says
/// CREATED; the pipeline instead starts it early and checks on it (<see cref="StartAsync"/>, <see cref="CheckCreatedAsync"/>).
/// </summary>
public sealed partial class UserVolumeProvisioner(
    ForgeDbContext db, FsxClient fsx, TimeProvider timeProvider, IOptions<VolumeOptions> options, ILogger<UserVolumeProvisioner> logger)
{
    public const string VolumeIdTag = "forge:volume-id";
    public const string OwnerTag = "forge:owner";

    /// <summary>The user's volume in the region, CREATED: made when missing, then waited on.</summary>
    public async Task<UserVolume> EnsureAsync(string ownerId, string directoryUser, string region, CancellationToken cancellationToken)
    {
        var volume = await StartAsync(ownerId, directoryUser, region, cancellationToken);
        while (!await CheckCreatedAsync(volume, cancellationToken))
        {
            await Task.Delay(options.Value.PollInterval, timeProvider, cancellationToken);
        }

        return volume;
    }

    /// <summary>
    /// The user's volume in the region, its FSx volume asked for when it has none yet; does not wait.
    /// The provisioning pipeline calls it when the WorkSpace is created, so the two build together.
    /// </summary>
    public async Task<UserVolume> StartAsync(string ownerId, string directoryUser, string region, CancellationToken cancellationToken)
    {
        var (volume, isNew) = await RowAsync(ownerId, directoryUser, region, cancellationToken);
        var settings = options.Value.Regions.GetValueOrDefault(region)
            ?? throw new UserVolumeException($"No FSx file system is configured for user volumes in {region} (Volumes:Regions).");
        if (volume.FsxVolumeId is null)
        {
            // Only a row made before can have an FSx volume that an interrupted call created: a row made just now has none
            // to find, and the search pages through every volume of the SVM (a few calls a second are all FSx allows).
            volume.FsxVolumeId = (isNew ? null : await FindAsync(volume, settings, cancellationToken)) ?? await CreateAsync(volume, settings, cancellationToken);
            volume.UpdatedAt = timeProvider.GetUtcNow();
            await db.SaveChangesAsync(cancellationToken);
        }

        return volume;
    }

    /// <summary>The user's row in the region, and whether this call made it.</summary>
    private async Task<(UserVolume Volume, bool IsNew)> RowAsync(string ownerId, string directoryUser, string region, CancellationToken cancellationToken)
    {
        var existing = await db.UserVolumes.SingleOrDefaultAsync(v => v.OwnerId == ownerId && v.Region == region, cancellationToken);
        if (existing is not null)
        {
            return (existing, false);
        }

        var now = timeProvider.GetUtcNow();
        var id = Guid.NewGuid();
        var volume = new UserVolume
        {
            Id = id,
            OwnerId = ownerId,
            DirectoryUser = directoryUser,
            Region = region,
            JunctionPath = "/forge_" + id.ToString("N"),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.UserVolumes.Add(volume);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return (volume, true);
        }
        catch (DbUpdateException)
        {
            // Another launch made the row first: use theirs. Only our row is dropped: the context is the caller's, whose
            // other changes (the workspace it reconciles) the failed save did not write and its own save still must.
            db.Entry(volume).State = EntityState.Detached;
            return (await db.UserVolumes.SingleAsync(v => v.OwnerId == ownerId && v.Region == region, cancellationToken), false);
        }
    }

    private async Task<string?> FindAsync(UserVolume volume, VolumeRegionSettings settings, CancellationToken cancellationToken)
    {
        var request = new DescribeVolumesRequest
        {
            Filters = [new VolumeFilter { Name = VolumeFilterName.StorageVirtualMachineId, Values = [settings.StorageVirtualMachineId] }],
        };
        await foreach (var found in fsx.EnumerateVolumesAsync(request, volume.Region, cancellationToken))
        {
            if (found.Tags?.Any(t => t.Key == VolumeIdTag && t.Value == volume.Id.ToString()) == true
                && found.Lifecycle is not (VolumeLifecycle.Deleting or VolumeLifecycle.Failed))
            {
                return found.VolumeId;
            }
        }

        return null;
    }

    private async Task<string> CreateAsync(UserVolume volume, VolumeRegionSettings settings, CancellationToken cancellationToken)
    {
        var created = await fsx.CreateVolumeAsync(new CreateVolumeRequest
        {
            ClientRequestToken = "forge-" + volume.Id.ToString("N"),
            VolumeType = VolumeType.Ontap,
            Name = volume.JunctionPath.TrimStart('/'),
            OntapConfiguration = new CreateOntapVolumeConfiguration
            {
                StorageVirtualMachineId = settings.StorageVirtualMachineId,
                JunctionPath = volume.JunctionPath,
                SizeInBytes = options.Value.SizeInBytes,
                StorageEfficiencyEnabled = true,
                SecurityStyle = SecurityStyle.Unix,
            },
            Tags = [new Tag { Key = VolumeIdTag, Value = volume.Id.ToString() }, new Tag { Key = OwnerTag, Value = volume.OwnerId }],
        }, volume.Region, cancellationToken);
        LogCreated(logger, volume.Id, created.Volume?.VolumeId, volume.Region);
        return created.Volume?.VolumeId ?? throw new UserVolumeException("FSx answered CreateVolume without a volume id.");
    }

    /// <summary>
    /// True once FSx says the volume is CREATED (recorded as available); false while it is being made.
    /// Throws when it failed or is still not made after <see cref="VolumeOptions.CreateTimeout"/>.
    /// </summary>
    public async Task<bool> CheckCreatedAsync(UserVolume volume, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (volume.Lifecycle == UserVolumeLifecycle.Available)
        {
            return true;
        }

        var described = await fsx.DescribeVolumesAsync(new DescribeVolumesRequest { VolumeIds = [volume.FsxVolumeId!] }, volume.Region, cancellationToken);
        var lifecycle = described.Volumes?.FirstOrDefault()?.Lifecycle;
        var now = timeProvider.GetUtcNow();
        if (lifecycle == VolumeLifecycle.Created)
        {
            volume.Lifecycle = UserVolumeLifecycle.Available;
            volume.AvailableAt = volume.UpdatedAt = now;
            volume.LastError = null;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        if (lifecycle is VolumeLifecycle.Failed or VolumeLifecycle.Misconfigured || now > volume.CreatedAt + options.Value.CreateTimeout)
        {
            volume.LastError = $"The FSx volume {volume.FsxVolumeId} is {lifecycle ?? "missing"}.";
            volume.UpdatedAt = now;
            await db.SaveChangesAsync(CancellationToken.None);
            throw new UserVolumeException(volume.LastError);
        }

        return false;
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "User volume {VolumeId} created as FSx volume {FsxVolumeId} in {Region}")]
    private static partial void LogCreated(ILogger logger, Guid volumeId, string? fsxVolumeId, string region);
}

/// <summary>The user's volume cannot be made or used (not configured in the region, refused by FSx).</summary>
public sealed class UserVolumeException(string message) : Exception(message);
