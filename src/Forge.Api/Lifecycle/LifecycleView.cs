namespace Forge.Api.Lifecycle;

/// <summary>
/// A workspace's lifecycle as the API shows it: the next automatic action, when and why; keep-alive
/// (until when, renewals used and left); and, once flagged stale, when it is terminated.
/// Instants are on the lifecycle clock (<see cref="LifecycleClock"/>: Forge's, or in local mode the embedded cloud's).
/// </summary>
public sealed record LifecycleView(
    string? NextAction, DateTimeOffset? NextActionAt, string? Reason, DateTimeOffset? KeepAliveUntil, int KeepAliveRenewalsUsed,
    int? KeepAliveRenewalsLeft, DateTimeOffset? StaleSince, DateTimeOffset? StaleTerminationAt)
{
    public static LifecycleView From(WorkspaceLifecycle? l) => l is null
        ? new(null, null, null, null, 0, null, null, null)
        : new(l.NextAction, l.NextActionAt, l.NextActionReason, l.KeepAliveUntil, l.KeepAliveRenewalsUsed, l.KeepAliveRenewalsLeft,
            l.StoppedSince is not null && l.StaleNotice is { } stale ? stale.SentAt : null,
            l.StoppedSince is not null && l.StaleNotice is { } notice ? notice.Due : null);
}
