using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Jobs;

/// <summary>
/// A durable unit of work: claimed by one worker at a time, kept alive by heartbeats, given back
/// by the reaper when its worker died. A job names its subject (a workspace) and its kind.
/// </summary>
public sealed class Job
{
    public Guid Id { get; set; }

    public required string Kind { get; set; }

    public Guid SubjectId { get; set; }

    public string State { get; set; } = JobState.Queued;

    /// <summary>Not claimed before this time: retries back off and waits look again later.</summary>
    public DateTimeOffset RunAfter { get; set; }

    /// <summary>How many times the job has been claimed.</summary>
    public int Attempts { get; set; }

    /// <summary>Consecutive failed runs; reset by a run that succeeds or asks to look again.</summary>
    public int Failures { get; set; }

    public string? LastError { get; set; }

    public string? ClaimedBy { get; set; }

    public DateTimeOffset? ClaimedAt { get; set; }

    public DateTimeOffset? HeartbeatAt { get; set; }

    /// <summary>Set when new intent arrives while the job runs: it runs again at once instead of finishing.</summary>
    public bool Rerun { get; set; }

    public string? CorrelationId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}

public static class JobState
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
}

internal sealed class JobEntityConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Kind).HasMaxLength(64);
        builder.Property(j => j.State).HasMaxLength(16);
        builder.Property(j => j.LastError).HasMaxLength(2048);
        builder.Property(j => j.ClaimedBy).HasMaxLength(128);
        builder.Property(j => j.CorrelationId).HasMaxLength(128);
        builder.HasIndex(j => new { j.State, j.RunAfter });
        builder.HasIndex(j => new { j.SubjectId, j.Kind, j.State });
        // One open job per subject and kind: the job's claim is the subject's lock, so there is never a second.
        builder.HasIndex(j => new { j.SubjectId, j.Kind }).IsUnique().HasFilter("\"State\" IN ('queued', 'running')")
            .HasDatabaseName("IX_Jobs_OneOpenPerSubject");
    }
}
