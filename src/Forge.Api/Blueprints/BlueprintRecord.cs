using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Blueprints;

/// <summary>A blueprint as an admin last saved it; it overrides the configured one of the same name.</summary>
public sealed class BlueprintRecord
{
    public required string Name { get; set; }

    /// <summary>The <see cref="BlueprintDefinition"/> as JSON: one document, read and written whole.</summary>
    public required string Definition { get; set; }

    public required string UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class BlueprintRecordEntityConfiguration : IEntityTypeConfiguration<BlueprintRecord>
{
    public void Configure(EntityTypeBuilder<BlueprintRecord> builder)
    {
        builder.HasKey(b => b.Name);
        builder.Property(b => b.Name).HasMaxLength(64);
        builder.Property(b => b.UpdatedBy).HasMaxLength(256);
    }
}
