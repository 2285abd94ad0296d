namespace Forge.Api.Cloud;

/// <summary>
/// Keeps the reconciler's per-workspace DescribeWorkspaces within WorkSpaces' rate (a few calls a
/// second per region): each call asks for up to 25 WorkSpaces, the one wanted now plus the other ids
/// asked about lately whose last answer is oldest, and an answer younger than <see cref="Freshness"/>
/// is given again without a call. Every workspace in transition is looked at every 15 s (3 s while
/// its commands run), so with 25 per call the calls fall by up to 25 times, and no answer a pass acts
/// on is more than 5 s old. An id not asked about for <see cref="InterestWindow"/> is forgotten; one
/// Forge just acted on (stop, start, terminate...) is asked afresh on its next pass.
/// </summary>
public sealed class WorkspaceDescribeBatcher(TimeProvider timeProvider)
{
    /// <summary>How old an answer may be and still be given again.</summary>
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(5);

    /// <summary>How long an id stays in the batches after it was last asked about.</summary>
    public static readonly TimeSpan InterestWindow = TimeSpan.FromMinutes(2);

    /// <summary>DescribeWorkspaces takes at most 25 ids.</summary>
    public const int MaxIdsPerCall = 25;

    private readonly Lock _gate = new();
    private readonly Dictionary<(string Region, string Id), Entry> _entries = [];

    /// <summary>
    /// The WorkSpace <paramref name="workspaceId"/> as last seen, asking the cloud through
    /// <paramref name="describe"/> (ids in, WorkSpaces found out) when the answer is not fresh.
    /// </summary>
    public async Task<CloudWorkspace?> DescribeAsync(string workspaceId, string region,
        Func<IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<CloudWorkspace>>> describe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(describe);
        List<string> batch;
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            var key = (region, workspaceId);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = _entries[key] = new Entry();
            }

            entry.AskedAt = now;
            if (entry.IsFresh(now))
            {
                return entry.Answer;
            }

            foreach (var gone in _entries.Where(e => now - e.Value.AskedAt > InterestWindow).Select(e => e.Key).ToList())
            {
                _entries.Remove(gone);
            }

            batch =
            [
                workspaceId,
                .. _entries.Where(e => e.Key.Region == region && e.Key.Id != workspaceId && !e.Value.IsFresh(now))
                    .OrderBy(e => e.Value.AnsweredAt ?? DateTimeOffset.MinValue).Take(MaxIdsPerCall - 1).Select(e => e.Key.Id),
            ];
        }

        var found = (await describe(batch, cancellationToken)).ToDictionary(w => w.WorkspaceId, StringComparer.Ordinal);
        lock (_gate)
        {
            var answeredAt = timeProvider.GetUtcNow();
            foreach (var id in batch)
            {
                if (_entries.TryGetValue((region, id), out var entry))
                {
                    entry.AnsweredAt = answeredAt;
                    entry.Answer = found.GetValueOrDefault(id); // absent: the cloud does not (or not yet) show it
                }
            }
        }

        return found.GetValueOrDefault(workspaceId);
    }

    /// <summary>
    /// Answers asked for elsewhere (the sweep's DescribeManyAsync over the WorkSpaces at rest): kept as
    /// fresh answers for those ids, so the jobs the sweep wakes do not ask the cloud again.
    /// </summary>
    public void Record(string region, IReadOnlyCollection<string> askedIds, IReadOnlyList<CloudWorkspace> answers)
    {
        ArgumentNullException.ThrowIfNull(askedIds);
        ArgumentNullException.ThrowIfNull(answers);
        var found = answers.ToDictionary(w => w.WorkspaceId, StringComparer.Ordinal);
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            foreach (var id in askedIds)
            {
                if (!_entries.TryGetValue((region, id), out var entry))
                {
                    entry = _entries[(region, id)] = new Entry { AskedAt = now };
                }

                entry.AnsweredAt = now;
                entry.Answer = found.GetValueOrDefault(id);
            }
        }
    }

    /// <summary>Forge changed the WorkSpace (stop, start, terminate...): its next pass asks the cloud.</summary>
    public void Forget(string workspaceId, string region)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue((region, workspaceId), out var entry))
            {
                entry.AnsweredAt = null;
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset AskedAt { get; set; }

        public DateTimeOffset? AnsweredAt { get; set; }

        public CloudWorkspace? Answer { get; set; }

        public bool IsFresh(DateTimeOffset now) => AnsweredAt is { } at && now - at < Freshness;
    }
}
