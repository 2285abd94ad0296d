using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Notifications;

/// <summary>
/// One notification to deliver on one channel: written in the same transaction as the decision that
/// causes it (so a crash never loses or invents one), then delivered by <see cref="OutboxDispatcher"/>
/// with retries. <see cref="DedupKey"/> is unique per channel: the same notice asked for twice is one row.
/// </summary>
public sealed class OutboxMessage
{
    public Guid Id { get; set; }

    /// <summary>The <see cref="INotificationChannel.Name"/> that delivers it.</summary>
    public required string Channel { get; set; }

    /// <summary>What makes the notice one notice, for example <c>stale:{workspace}:{due date}</c>.</summary>
    public required string DedupKey { get; set; }

    /// <summary>Channel-specific address (an e-mail address, a Slack member id); null for the channel's configured target.</summary>
    public string? Recipient { get; set; }

    public required string Subject { get; set; }

    /// <summary>Plain text, readable on every channel.</summary>
    public required string Body { get; set; }

    /// <summary>Channel-specific content in JSON (a PagerDuty event's action and key, an HTML body), or null.</summary>
    public string? Details { get; set; }

    /// <summary>Messages of one channel sharing this key go out in the order they were written; null for no order.</summary>
    public string? OrderKey { get; set; }

    public string State { get; set; } = OutboxState.Pending;

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Not tried before this time: retries back off, and a dispatcher's claim holds it for a lease.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public string? LastError { get; set; }
}

public static class OutboxState
{
    public const string Pending = "pending";

    public const string Delivered = "delivered";

    /// <summary>Given up: refused for good by the receiver, or still failing after <see cref="NotificationOptions.GiveUpAfter"/>.</summary>
    public const string Failed = "failed";
}

internal sealed class OutboxMessageEntityConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Channel).HasMaxLength(32);
        builder.Property(m => m.DedupKey).HasMaxLength(256);
        builder.Property(m => m.Recipient).HasMaxLength(512);
        builder.Property(m => m.Subject).HasMaxLength(512);
        builder.Property(m => m.Body).HasMaxLength(16_384);
        builder.Property(m => m.Details).HasMaxLength(65_536);
        builder.Property(m => m.OrderKey).HasMaxLength(256);
        builder.Property(m => m.State).HasMaxLength(16);
        builder.Property(m => m.LastError).HasMaxLength(2048);
        builder.HasIndex(m => new { m.Channel, m.DedupKey }).IsUnique();
        builder.HasIndex(m => new { m.State, m.NextAttemptAt });
    }
}
