using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Monitoring;

/// <summary>
/// One finished provisioning, written once in the transaction that moves its workspace to ready or
/// failed and never changed: the source of the provisioning summary, the CloudWatch publication and
/// (next) the SLA alerts. Kept when the workspace itself is deleted.
/// </summary>
public sealed class ProvisioningRecord
{
    /// <summary>The workspace's id: one record per provisioning, so a replayed finish cannot write a second.</summary>
    public Guid WorkspaceId { get; set; }

    public required string OwnerId { get; set; }

    /// <summary>The owner's teams at request time, as <c>|a|b|</c>: a team lead's filter is one portable <c>LIKE</c>.</summary>
    public required string OwnerTeams { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    /// <summary>When the outcome was known; the summary's window and the CloudWatch high-water mark are on this.</summary>
    public DateTimeOffset FinishedAt { get; set; }

    /// <summary>From request to outcome, in whole milliseconds: exact percentiles are taken over these.</summary>
    public long DurationMs { get; set; }

    /// <summary><see cref="ProvisioningOutcomes.Ready"/> or <see cref="ProvisioningOutcomes.Failed"/>.</summary>
    public required string Outcome { get; set; }

    /// <summary>For a failure, the step it failed in (<see cref="ProvisioningStepLabels"/>); empty when ready.</summary>
    public required string FailureReason { get; set; }

    public required string Blueprint { get; set; }

    public required string OperatingSystem { get; set; }

    public required string Region { get; set; }

    /// <summary>How the workstation was obtained (<see cref="ProvisioningPaths"/>), copied from the workspace.</summary>
    public required string Path { get; set; }

    /// <summary>Joins teams into the stored <see cref="OwnerTeams"/> form.</summary>
    public static string JoinTeams(IEnumerable<string> teams) => "|" + string.Concat(teams.Select(t => t.Replace('|', '_') + "|"));
}

public static class ProvisioningOutcomes
{
    public const string Ready = "ready";
    public const string Failed = "failed";
}

/// <summary>How a workstation is obtained. Only <see cref="OnDemand"/> exists until warm pools do; they set the others.</summary>
public static class ProvisioningPaths
{
    public const string OnDemand = "on-demand";
    public const string PoolRunning = "pool-running";
    public const string PoolStopped = "pool-stopped";

    public static readonly IReadOnlyList<string> All = [OnDemand, PoolRunning, PoolStopped];
}

/// <summary>How far a publisher has sent the records: everything finished before <see cref="SentBefore"/> has gone.</summary>
public sealed class MonitoringCursor
{
    public required string Name { get; set; }

    public DateTimeOffset SentBefore { get; set; }
}

internal sealed class ProvisioningRecordEntityConfiguration : IEntityTypeConfiguration<ProvisioningRecord>
{
    public void Configure(EntityTypeBuilder<ProvisioningRecord> builder)
    {
        builder.ToTable(ProvisioningSummaryQuery.Table);
        builder.HasKey(r => r.WorkspaceId);
        builder.Property(r => r.WorkspaceId).ValueGeneratedNever();
        builder.Property(r => r.OwnerId).HasMaxLength(256);
        builder.Property(r => r.OwnerTeams).HasMaxLength(2048);
        builder.Property(r => r.Outcome).HasMaxLength(16);
        builder.Property(r => r.FailureReason).HasMaxLength(64);
        builder.Property(r => r.Blueprint).HasMaxLength(64);
        builder.Property(r => r.OperatingSystem).HasMaxLength(16);
        builder.Property(r => r.Region).HasMaxLength(32);
        builder.Property(r => r.Path).HasMaxLength(16);
        // The summary reads a window of FinishedAt in index order; every column it reads or filters on (but the
        // owner's, which only team leads' queries need) rides along, so the scan makes no table lookups.
        builder.HasIndex(r => new { r.FinishedAt, r.Outcome, r.DurationMs, r.Blueprint, r.Region, r.Path });
    }
}

internal sealed class MonitoringCursorEntityConfiguration : IEntityTypeConfiguration<MonitoringCursor>
{
    public void Configure(EntityTypeBuilder<MonitoringCursor> builder)
    {
        builder.ToTable("MonitoringCursors");
        builder.HasKey(c => c.Name);
        builder.Property(c => c.Name).HasMaxLength(64);
    }
}
