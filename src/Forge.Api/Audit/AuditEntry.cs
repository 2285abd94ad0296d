using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Audit;

/// <summary>One state-changing action: who did what to which target, how it ended, when, under which correlation id.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public required string Outcome { get; set; }

    public string? CorrelationId { get; set; }

    public string? Detail { get; set; }
}

internal sealed class AuditEntryEntityConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedOnAdd();
        builder.Property(a => a.Actor).HasMaxLength(256);
        builder.Property(a => a.Action).HasMaxLength(64);
        builder.Property(a => a.Target).HasMaxLength(256);
        builder.Property(a => a.Outcome).HasMaxLength(32);
        builder.Property(a => a.CorrelationId).HasMaxLength(128);
        builder.Property(a => a.Detail).HasMaxLength(2048);
        builder.HasIndex(a => a.At);
    }
}
