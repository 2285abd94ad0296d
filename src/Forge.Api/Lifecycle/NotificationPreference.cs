using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Lifecycle;

/// <summary>How one user wants their notices: the e-mail address and the time zone dates are stated in. Unset: the deployment's defaults.</summary>
public sealed class NotificationPreference
{
    public required string UserId { get; set; }

    public string? Email { get; set; }

    /// <summary>An IANA time zone id (<c>Europe/Berlin</c>); null: <see cref="LifecycleOptions.DefaultTimeZone"/>.</summary>
    public string? TimeZone { get; set; }

    /// <summary>The user's Slack member id (<c>U0123ABCD</c>): notices come as a direct message from Forge's bot when the deployment has one.</summary>
    public string? SlackMemberId { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class NotificationPreferenceEntityConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> builder)
    {
        builder.ToTable("NotificationPreferences");
        builder.HasKey(p => p.UserId);
        builder.Property(p => p.UserId).HasMaxLength(256);
        builder.Property(p => p.Email).HasMaxLength(320);
        builder.Property(p => p.TimeZone).HasMaxLength(64);
        builder.Property(p => p.SlackMemberId).HasMaxLength(32);
    }
}
