using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Secrets;

/// <summary>
/// What was last injected into a workstation: the owner's identity it was planned for and the plan's
/// fingerprint (names, ARNs, version ids; never a value). The rotation reconciler compares it with a
/// fresh plan to know when to inject again.
/// </summary>
public sealed class SecretInjection
{
    public Guid WorkspaceId { get; set; }

    public required string OwnerId { get; set; }

    public List<string> OwnerTeams { get; set; } = [];

    public List<string> OwnerRoles { get; set; } = [];

    public required string Region { get; set; }

    public required string Fingerprint { get; set; }

    public DateTimeOffset InjectedAt { get; set; }
}

internal sealed class SecretInjectionEntityConfiguration : IEntityTypeConfiguration<SecretInjection>
{
    public void Configure(EntityTypeBuilder<SecretInjection> builder)
    {
        builder.HasKey(s => s.WorkspaceId);
        builder.Property(s => s.OwnerId).HasMaxLength(256);
        builder.Property(s => s.Region).HasMaxLength(32);
        builder.Property(s => s.Fingerprint).HasMaxLength(64);
    }
}
