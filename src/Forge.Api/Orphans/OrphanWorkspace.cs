using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Orphans;

/// <summary>
/// A WorkSpace tagged as Forge's (<see cref="Cloud.AwsWorkspaceCloud.ForgeIdTag"/>) that no workspace row knows: made
/// by a create whose save never happened, or left behind by a database restored from an older backup. Its row lives
/// while the WorkSpace does: <see cref="FirstSeenAt"/> is kept across restarts, so the grace before it is terminated
/// (<see cref="Lifecycle.LifecycleOptions.OrphanGrace"/>) is never reset. Instants are on the lifecycle clock.
/// </summary>
public sealed class OrphanWorkspace
{
    /// <summary>The WorkSpace's id (<c>ws-...</c>).</summary>
    public required string CloudWorkspaceId { get; set; }

    public required string Region { get; set; }

    public required string DirectoryId { get; set; }

    /// <summary>The directory user the WorkSpace is bound to.</summary>
    public required string DirectoryUser { get; set; }

    public required string BundleId { get; set; }

    /// <summary>The value of its Forge id tag: the workspace row it was made for.</summary>
    public required string ForgeId { get; set; }

    /// <summary>The value of its blueprint tag, when it has one.</summary>
    public string? Blueprint { get; set; }

    /// <summary>The WorkSpaces state last seen.</summary>
    public required string CloudState { get; set; }

    /// <summary>One of <see cref="OrphanStatus"/>.</summary>
    public string Status { get; set; } = OrphanStatus.Orphan;

    public DateTimeOffset FirstSeenAt { get; set; }

    public DateTimeOffset LastSeenAt { get; set; }

    /// <summary>The admin who kept it, and when.</summary>
    public string? KeptBy { get; set; }

    public DateTimeOffset? KeptAt { get; set; }

    /// <summary>When Forge asked the cloud to terminate it (after its grace).</summary>
    public DateTimeOffset? TerminationRequestedAt { get; set; }

    /// <summary>Bumped on every save: the pass on two replicas and an admin's keep or adopt never overwrite each other.</summary>
    public int Version { get; set; }
}

/// <summary>Where an orphan stands.</summary>
public static class OrphanStatus
{
    /// <summary>Reported, and terminated once its grace is over.</summary>
    public const string Orphan = "orphan";

    /// <summary>An admin kept it: never terminated by Forge, still listed.</summary>
    public const string Kept = "kept";

    /// <summary>Its grace is over: Forge asked the cloud to terminate it.</summary>
    public const string Terminating = "terminating";
}

internal sealed class OrphanWorkspaceEntityConfiguration : IEntityTypeConfiguration<OrphanWorkspace>
{
    public void Configure(EntityTypeBuilder<OrphanWorkspace> builder)
    {
        builder.ToTable("OrphanWorkspaces");
        builder.HasKey(o => o.CloudWorkspaceId);
        builder.Property(o => o.CloudWorkspaceId).HasMaxLength(64);
        builder.Property(o => o.Region).HasMaxLength(32);
        builder.Property(o => o.DirectoryId).HasMaxLength(64);
        builder.Property(o => o.DirectoryUser).HasMaxLength(256);
        builder.Property(o => o.BundleId).HasMaxLength(64);
        builder.Property(o => o.ForgeId).HasMaxLength(256);
        builder.Property(o => o.Blueprint).HasMaxLength(256);
        builder.Property(o => o.CloudState).HasMaxLength(32);
        builder.Property(o => o.Status).HasMaxLength(16);
        builder.Property(o => o.KeptBy).HasMaxLength(256);
        builder.Property(o => o.Version).IsConcurrencyToken();
    }
}
