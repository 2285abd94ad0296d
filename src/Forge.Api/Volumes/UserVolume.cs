using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Volumes;

/// <summary>
/// A user's home volume in one region: one FSx for ONTAP volume per Forge user per region, made on
/// first need, mounted into each of the user's workstations there in turn, and kept when they go.
/// <see cref="Id"/> is Forge's own id: it names the volume (ClientRequestToken, tag <c>forge:volume-id</c>).
/// </summary>
public sealed class UserVolume
{
    public Guid Id { get; set; }

    /// <summary>The Forge user who owns it; only their workstations ever mount it.</summary>
    public required string OwnerId { get; set; }

    /// <summary>The directory user the volume's files belong to (the folder the dotfiles live in).</summary>
    public required string DirectoryUser { get; set; }

    public required string Region { get; set; }

    public string? FsxVolumeId { get; set; }

    public required string JunctionPath { get; set; }

    public string Lifecycle { get; set; } = UserVolumeLifecycle.Creating;

    /// <summary>The workspace it is mounted into, or null: never two at once.</summary>
    public Guid? MountedWorkspaceId { get; set; }

    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? AvailableAt { get; set; }
}

/// <summary>The phases of a <see cref="UserVolume"/> as the API reports them.</summary>
public static class UserVolumeLifecycle
{
    public const string Creating = "creating";
    public const string Available = "available";
    public const string Deleting = "deleting";
    public const string Failed = "failed";
}

internal sealed class UserVolumeEntityConfiguration : IEntityTypeConfiguration<UserVolume>
{
    public void Configure(EntityTypeBuilder<UserVolume> builder)
    {
        builder.HasKey(v => v.Id);
        builder.Property(v => v.OwnerId).HasMaxLength(256);
        builder.Property(v => v.DirectoryUser).HasMaxLength(256);
        builder.Property(v => v.Region).HasMaxLength(32);
        builder.Property(v => v.FsxVolumeId).HasMaxLength(64);
        builder.Property(v => v.JunctionPath).HasMaxLength(255);
        builder.Property(v => v.Lifecycle).HasMaxLength(32);
        builder.Property(v => v.LastError).HasMaxLength(2048);

        // One volume per user per region, enforced by the database so two launches racing make one.
        builder.HasIndex(v => new { v.OwnerId, v.Region }).IsUnique();
    }
}
