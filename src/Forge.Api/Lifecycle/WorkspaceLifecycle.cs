using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Forge.Api.Lifecycle;

/// <summary>
/// What the lifecycle manager knows of one workstation, beside the workspace row the engine owns (so
/// neither writer ever conflicts with the other): the user session last observed, since when it runs or
/// is stopped, keep-alive, the notices sent with the instant each was about (its basis: a notice whose
/// basis no longer holds, because someone connected, started it or kept it alive, counts for nothing),
/// and the next action. Instants are on the lifecycle clock (<see cref="LifecycleClock"/>).
/// </summary>
public sealed class WorkspaceLifecycle
{
    public Guid WorkspaceId { get; set; }

    /// <summary>Whether a user was connected at the last observation; null before the first.</summary>
    public bool? Connected { get; set; }

    /// <summary>The last known user connection (its start or its end), as the cloud reports it.</summary>
    public DateTimeOffset? LastConnectedAt { get; set; }

    /// <summary>When the cloud reported the session as it is recorded here (the observation that last changed it, or the first).</summary>
    public DateTimeOffset? ConnectionCheckedAt { get; set; }

    /// <summary>When the workstation was first ready: maximum lifetime counts from here.</summary>
    public DateTimeOffset? LifetimeStart { get; set; }

    /// <summary>Since when it has been running (ready) this time; null while it is not.</summary>
    public DateTimeOffset? RunningSince { get; set; }

    /// <summary>Since when it has been stopped this time; null while it is not.</summary>
    public DateTimeOffset? StoppedSince { get; set; }

    public DateTimeOffset? KeepAliveSetAt { get; set; }

    /// <summary>Until when the owner's keep-alive exempts it; null when off.</summary>
    public DateTimeOffset? KeepAliveUntil { get; set; }

    public int KeepAliveRenewalsUsed { get; set; }

    /// <summary>How many more times keep-alive may be set under the blueprint's policy (written with every pass and keep-alive, for the view).</summary>
    public int KeepAliveRenewalsLeft { get; set; }

    public SentNotice? IdleNotice { get; set; }

    public SentNotice? LifetimeNotice { get; set; }

    public SentNotice? StaleNotice { get; set; }

    /// <summary>What the lifecycle manager will do next (<see cref="LifecycleActions"/>), when and why; null when nothing is planned.</summary>
    public string? NextAction { get; set; }

    public DateTimeOffset? NextActionAt { get; set; }

    public string? NextActionReason { get; set; }

    /// <summary>Bumped on every save: the pass on two replicas, or the pass and a keep-alive, never overwrite each other.</summary>
    public int Version { get; set; }
}

/// <summary>
/// A notice as it was sent: its kind, the instant it was about (<paramref name="Basis"/>), when it went to the outbox,
/// the due time it stated, and its delivery (<see cref="NoticeDelivery"/>) as last read.
/// </summary>
public sealed record SentNotice(string Kind, DateTimeOffset Basis, DateTimeOffset SentAt, DateTimeOffset Due, string Delivery);

/// <summary>Where a notice is: queued, delivered on some channel, or failed for good on every channel.</summary>
public static class NoticeDelivery
{
    public const string Pending = "pending";
    public const string Delivered = "delivered";
    public const string Failed = "failed";

    /// <summary>A destructive action may follow a notice only once it reached the owner or failed for good (and that was recorded).</summary>
    public static bool IsSettled(string delivery) => delivery is Delivered or Failed;
}

internal sealed class WorkspaceLifecycleEntityConfiguration : IEntityTypeConfiguration<WorkspaceLifecycle>
{
    public void Configure(EntityTypeBuilder<WorkspaceLifecycle> builder)
    {
        builder.ToTable("WorkspaceLifecycles");
        builder.HasKey(l => l.WorkspaceId);
        builder.HasOne<Workspaces.Workspace>().WithOne(w => w.Lifecycle).HasForeignKey<WorkspaceLifecycle>(l => l.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(l => l.NextAction).HasMaxLength(32);
        builder.Property(l => l.NextActionReason).HasMaxLength(512);
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.ComplexProperty(l => l.IdleNotice, Notice);
        builder.ComplexProperty(l => l.LifetimeNotice, Notice);
        builder.ComplexProperty(l => l.StaleNotice, Notice);
    }

    private static void Notice(ComplexPropertyBuilder<SentNotice> notice)
    {
        notice.Property(n => n.Kind).HasMaxLength(32);
        notice.Property(n => n.Delivery).HasMaxLength(16);
    }
}
