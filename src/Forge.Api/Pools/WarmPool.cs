using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Pools;

/// <summary>
/// One warm pool as Forge keeps it: the admin's overrides of its configured bounds, its pause (by an
/// admin, or by failed builds, with why), what it learned (forecast, lead and resume times) and its
/// latest plan. Its members are workspace rows (<see cref="Workspaces.Workspace.Pool"/>); its actor is
/// the job of kind <see cref="PoolReconciler.JobKind"/> on <see cref="Id"/>.
/// </summary>
public sealed class WarmPool
{
    public Guid Id { get; set; }

    /// <summary><see cref="PoolKey"/> as text: <c>blueprint/os/region</c>.</summary>
    public required string Key { get; set; }

    public required string Blueprint { get; set; }

    public required string OperatingSystem { get; set; }

    public required string Region { get; set; }

    /// <summary>An admin's <c>min</c>, over the configuration's; null: as configured.</summary>
    public int? MinOverride { get; set; }

    public int? MaxOverride { get; set; }

    public bool? EnabledOverride { get; set; }

    /// <summary>Replenishment stopped without draining: by an admin (<see cref="PausedBy"/>), or by consecutive failed builds.</summary>
    public bool Paused { get; set; }

    public string? PauseReason { get; set; }

    public string? PausedBy { get; set; }

    public DateTimeOffset? PausedAt { get; set; }

    /// <summary>Builds that failed since the last one that passed verification (counted from <see cref="BuildsCountedFrom"/>).</summary>
    public int ConsecutiveBuildFailures { get; set; }

    /// <summary>Builds that ended before this are not counted: an admin who resumes a pool paused by failures starts the count afresh.</summary>
    public DateTimeOffset? BuildsCountedFrom { get; set; }

    public string? LastBuildFailure { get; set; }

    /// <summary>What the pool learned, as JSON (<see cref="PoolLearning"/>): forecast state, lead and resume times, and how far it has read.</summary>
    public string? Learning { get; set; }

    /// <summary>The latest plan, as JSON (<see cref="PoolPlanView"/>), for <c>GET /api/v1/pools</c>.</summary>
    public string? LastPlan { get; set; }

    public DateTimeOffset? LastPlannedAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Bumped on every save: an admin's change and the pool's pass never overwrite each other.</summary>
    public int Version { get; set; }

    public PoolKey PoolKey => new(Blueprint, OperatingSystem, Region);
}

/// <summary>
/// One request for a pooled blueprint, OS and region, hit or not: the claim record (workspace, member,
/// path) and the demand history the forecast learns from. On a hit the workspace is the member itself.
/// </summary>
public sealed class PoolClaim
{
    public Guid Id { get; set; }

    public required string Pool { get; set; }

    public Guid WorkspaceId { get; set; }

    /// <summary><see cref="Monitoring.ProvisioningPaths"/>: pool-running, pool-stopped, or on-demand (a fallback).</summary>
    public required string Path { get; set; }

    /// <summary>Why it fell back to an on-demand build; null for a hit.</summary>
    public string? FallbackReason { get; set; }

    public DateTimeOffset At { get; set; }
}

/// <summary>Demand an admin announced ahead (an onboarding cohort): <see cref="Count"/> claims expected at <see cref="At"/>.</summary>
public sealed class Reservation
{
    public Guid Id { get; set; }

    public Guid PoolId { get; set; }

    public DateTimeOffset At { get; set; }

    public int Count { get; set; }

    public string? Note { get; set; }

    public required string CreatedBy { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class WarmPoolEntityConfiguration : IEntityTypeConfiguration<WarmPool>
{
    public void Configure(EntityTypeBuilder<WarmPool> builder)
    {
        builder.ToTable("WarmPools");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Key).HasMaxLength(128);
        builder.Property(p => p.Blueprint).HasMaxLength(64);
        builder.Property(p => p.OperatingSystem).HasMaxLength(16);
        builder.Property(p => p.Region).HasMaxLength(32);
        builder.Property(p => p.PauseReason).HasMaxLength(1024);
        builder.Property(p => p.PausedBy).HasMaxLength(256);
        builder.Property(p => p.LastBuildFailure).HasMaxLength(2048);
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Ignore(p => p.PoolKey);
        builder.HasIndex(p => p.Key).IsUnique();
    }
}

internal sealed class PoolClaimEntityConfiguration : IEntityTypeConfiguration<PoolClaim>
{
    public void Configure(EntityTypeBuilder<PoolClaim> builder)
    {
        builder.ToTable("PoolClaims");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Pool).HasMaxLength(128);
        builder.Property(c => c.Path).HasMaxLength(16);
        builder.Property(c => c.FallbackReason).HasMaxLength(256);
        builder.HasIndex(c => new { c.Pool, c.At });
    }
}

internal sealed class ReservationEntityConfiguration : IEntityTypeConfiguration<Reservation>
{
    public void Configure(EntityTypeBuilder<Reservation> builder)
    {
        builder.ToTable("PoolReservations");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.Property(r => r.Note).HasMaxLength(256);
        builder.Property(r => r.CreatedBy).HasMaxLength(256);
        builder.HasIndex(r => new { r.PoolId, r.At });
        builder.HasOne<WarmPool>().WithMany().HasForeignKey(r => r.PoolId).OnDelete(DeleteBehavior.Cascade);
    }
}
