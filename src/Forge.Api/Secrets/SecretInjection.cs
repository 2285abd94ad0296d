using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Secrets;

/// <summary>
/// What was last injected into a workstation: the owner's identity it was planned for and the plan's
/// fingerprint (names, ARNs, version ids; never a value) once a command carrying it succeeded. The
/// rotation reconciler compares it with a fresh plan to know when to inject again.
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

    private const string SentMark = "sent:";

    /// <summary>
    /// What <see cref="Fingerprint"/> holds while the launch command for the plan with
    /// <paramref name="fingerprint"/> is on its way: never a plan's fingerprint (those are lower-case
    /// hex only), so nothing counts as injected until the command succeeded, yet the outcome can tell
    /// whether the plan it confirms is still the one sent. Fits the column's 64 characters.
    /// </summary>
    public static string Sent(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return SentMark + fingerprint[..Math.Min(fingerprint.Length, 64 - SentMark.Length)];
    }
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
