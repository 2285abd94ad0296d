using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Alerts;

/// <summary>
/// One incident of one rule in one scope: fired once, resolved once. At most one firing row per rule and scope
/// (a unique index), so two Forge processes evaluating at once cannot open it twice. Its notifications are outbox
/// messages keyed by its id.
/// </summary>
public sealed class Alert
{
    public Guid Id { get; set; }

    /// <summary>One of <see cref="AlertRules"/>' rule names.</summary>
    public required string Rule { get; set; }

    /// <summary><see cref="AlertRules.Overall"/>, <c>blueprint/region</c>, or a workspace id for a stuck request.</summary>
    public required string Scope { get; set; }

    /// <summary><see cref="AlertRules.Page"/> or <see cref="AlertRules.Ticket"/>.</summary>
    public required string Severity { get; set; }

    public string State { get; set; } = AlertState.Firing;

    public DateTimeOffset FiredAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>When <see cref="LatestWith"/> last changed: a held alert is written only when what it shows changes.</summary>
    public DateTimeOffset LatestChangedAt { get; set; }

    /// <summary>What the rule saw when it fired, in words.</summary>
    public required string Summary { get; set; }

    /// <summary>The windows the rule read when it fired (JSON).</summary>
    public required string FiredWith { get; set; }

    /// <summary>The windows at the latest evaluation that changed them (JSON): how the incident is going.</summary>
    public required string LatestWith { get; set; }

    /// <summary>The PagerDuty incident key: stable for the incident, so its trigger and resolve meet.</summary>
    public string DedupKey => $"forge/{Rule}/{Scope}/{Id:N}";
}

public static class AlertState
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";
}

internal sealed class AlertEntityConfiguration : IEntityTypeConfiguration<Alert>
{
    public void Configure(EntityTypeBuilder<Alert> builder)
    {
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.Rule).HasMaxLength(32);
        builder.Property(a => a.Scope).HasMaxLength(160);
        builder.Property(a => a.Severity).HasMaxLength(16);
        builder.Property(a => a.State).HasMaxLength(16);
        builder.Property(a => a.Summary).HasMaxLength(1024);
        builder.Property(a => a.FiredWith).HasMaxLength(4096);
        builder.Property(a => a.LatestWith).HasMaxLength(4096);
        builder.Ignore(a => a.DedupKey);
        builder.HasIndex(a => new { a.Rule, a.Scope }).IsUnique().HasFilter("\"State\" = 'firing'").HasDatabaseName("IX_Alerts_OneFiringPerRuleAndScope");
        builder.HasIndex(a => new { a.State, a.FiredAt });
    }
}
