using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Alerts;

/// <summary>
/// The SLA events of the longest alert window (3 days), kept in memory and brought up to date each pass by reading
/// only the records finished since the last read, so a pass costs the new minute's records, not three days of them
/// (the first read after a start loads the whole window once). A record committed late (its finish time before the
/// last read) is still picked up: each read looks <see cref="LateCommitAllowance"/> back and skips the records it
/// already holds. Each Forge process keeps its own; all read the same records, so they see the same events.
/// </summary>
public sealed class SlaEventCache(IOptions<SlaOptions> sla) : IDisposable
{
    /// <summary>How long after its finish time a record may be committed and still be read (a save retried, a slow transaction).</summary>
    public static readonly TimeSpan LateCommitAllowance = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<Guid, SlaEvent> _events = [];
    private DateTimeOffset? _readUpTo;

    /// <summary>The events decided within the longest window before <paramref name="now"/> (and possibly a few older ones the windows ignore).</summary>
    public async Task<List<SlaEvent>> EventsAsync(ForgeDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var since = now - AlertRules.LongestWindow;
            var readFrom = _readUpTo is { } last && last - LateCommitAllowance > since ? last - LateCommitAllowance : since;
            var target = (long)sla.Value.Target.TotalMilliseconds;
            var records = await db.Set<ProvisioningRecord>().AsNoTracking().Where(r => r.FinishedAt > readFrom)
                .Select(r => new { r.WorkspaceId, r.FinishedAt, r.DurationMs, r.Outcome, r.Blueprint, r.Region })
                .ToListAsync(cancellationToken);
            foreach (var r in records)
            {
                var good = r.Outcome == ProvisioningOutcomes.Ready && r.DurationMs <= target;
                // A miss is known when the target passes (or at the failure, if sooner).
                var decidedAt = r.DurationMs > target ? r.FinishedAt - TimeSpan.FromMilliseconds(r.DurationMs - target) : r.FinishedAt;
                _events.TryAdd(r.WorkspaceId, new SlaEvent(decidedAt, r.FinishedAt, good, r.Outcome == ProvisioningOutcomes.Failed, r.Blueprint, r.Region));
            }

            // A request decides no later than it finishes: finished before the window, it is outside every window.
            foreach (var (id, _) in _events.Where(e => e.Value.FinishedAt <= since).ToList())
            {
                _events.Remove(id);
            }

            _readUpTo = now;
            return [.. _events.Values];
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();
}
