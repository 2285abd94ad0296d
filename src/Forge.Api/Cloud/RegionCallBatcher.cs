using System.Runtime.ExceptionServices;

namespace Forge.Api.Cloud;

/// <summary>
/// Coalesces the WorkSpaces calls that requests make for themselves (an on-demand CreateWorkspaces, the
/// StartWorkspaces of a stopped pool member a claim took) into one call per region and kind. WorkSpaces
/// allows about 2 calls a second per account and region, and these calls cannot wait the way the pool
/// reconciler's paced calls do: in a storm three requests of one region arriving in the same second made
/// three calls and one was throttled (the pool benchmark's <c>scale</c> trace). Both operations take up to
/// 25 items a call, so a call is made <see cref="RegionCallBatcherDefaults.Window"/> after the first caller
/// of the region arrives, for everyone who arrived meanwhile (at once when 25 are waiting), and each caller
/// gets its own item's outcome. One kind thus makes at most 2 calls a second per region, unless more than
/// 25 requests arrive within one window.
/// </summary>
/// <remarks>
/// Every caller waits on its own delay on the <see cref="TimeProvider"/> (the first whose delay ends
/// sends the call), so a caller is always either waiting on the clock or on the call: virtual time drives it.
/// A caller cancelled before the call goes is left out of it; once it has gone, the others still need it,
/// so the call is cancelled only when every one of its callers has stopped waiting (a process stopping cancels
/// them all, and must not leave a call behind that its retries would repeat).
/// A call refused as a whole for good (<see cref="WorkspaceCloudException.Terminal"/>) is made again one
/// item a call, so no caller is refused for another's item. The client's own rate limit does not do this
/// job: its token bucket is per service across regions (2 a second with 5 s of burst), so it lets a burst of
/// calls into one region within a second, and AWS's limit is per region.
/// </remarks>
public sealed class RegionCallBatcher<TItem, TOutcome>(
    TimeProvider timeProvider, int maxPerCall, Func<string, IReadOnlyList<TItem>, CancellationToken, Task<IReadOnlyList<TOutcome>>> call)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Batch> _open = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="item"/>'s outcome from a call made for it and whoever else of <paramref name="region"/>
    /// asked within the window. The call (given at construction) answers one outcome per item, in the items' order.
    /// </summary>
    public async Task<TOutcome> CallAsync(string region, TItem item, CancellationToken cancellationToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var entry = new Entry(item, waiting);
        Batch batch;
        List<Entry> full = [];
        lock (_gate)
        {
            var now = timeProvider.GetUtcNow();
            if (!_open.TryGetValue(region, out var open))
            {
                open = _open[region] = new Batch(region, now + RegionCallBatcherDefaults.Window);
            }

            batch = open;
            batch.Entries.Add(entry);
            if (batch.Entries.Count >= maxPerCall)
            {
                // Full: it goes now, and those already waiting stop waiting for it.
                _open.Remove(region);
                batch.SendAt = now;
                full.AddRange(batch.Entries);
            }
        }

        foreach (var other in full.Where(e => e != entry))
        {
            try
            {
                await other.Waiting.CancelAsync();
            }
            catch (ObjectDisposedException)
            {
                // That caller gave up meanwhile and left the batch.
            }
        }

        var wait = batch.SendAt - timeProvider.GetUtcNow();
        try
        {
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, timeProvider, waiting.Token);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            lock (_gate)
            {
                // Not sent yet: the call goes without it. Sent: it was in it, and only stops waiting.
                if (batch.Sent is null)
                {
                    batch.Entries.Remove(entry);
                }
            }

            Leave(batch);
            throw;
        }
        catch (OperationCanceledException)
        {
            // The batch filled up and went before the window ended.
        }

        IReadOnlyList<Answer> answers;
        var (sent, made) = Send(batch);
        // A caller whose call another caller's flow made only waits for that flow, which is the work the call is
        // (a test's clock settles once that flow does).
        using var waitingForOthers = made ? null : Jobs.JobQuiescence.CurrentWork?.BeginWait();
        try
        {
            answers = await sent.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Leave(batch);
            throw;
        }

        var answer = answers[entry.Position];
        answer.Error?.Throw();
        return answer.Value!;
    }

    /// <summary>The batch's call, made now if nobody made it yet; and whether this caller made it.</summary>
    private (Task<IReadOnlyList<Answer>> Sent, bool Made) Send(Batch batch)
    {
        lock (_gate)
        {
            if (batch.Sent is not null)
            {
                return (batch.Sent, false);
            }

            if (_open.TryGetValue(batch.Region, out var open) && open == batch)
            {
                _open.Remove(batch.Region);
            }

            for (var i = 0; i < batch.Entries.Count; i++)
            {
                batch.Entries[i].Position = i;
            }

            batch.Waiting = batch.Entries.Count;
            batch.Sent = CallOrSplitAsync(batch.Region, [.. batch.Entries.Select(e => e.Item)], batch.Abandoned.Token);
            return (batch.Sent, true);
        }
    }

    /// <summary>A caller of a call made stops waiting for it; the last one to stop cancels it.</summary>
    private void Leave(Batch batch)
    {
        lock (_gate)
        {
            if (batch.Sent is null || --batch.Waiting > 0)
            {
                return;
            }
        }

        batch.Abandoned.Cancel();
    }

    private async Task<IReadOnlyList<Answer>> CallOrSplitAsync(string region, IReadOnlyList<TItem> items, CancellationToken abandoned)
    {
        try
        {
            return [.. (await call(region, items, abandoned)).Select(o => new Answer(o, null))];
        }
        catch (WorkspaceCloudException e) when (e.Terminal && items.Count > 1)
        {
            // A refusal of the whole call may be for one item alone (a malformed request): each asks alone
            // and hears its own answer. Rare, so the extra calls do not matter to the rate.
            var answers = new List<Answer>(items.Count);
            foreach (var item in items)
            {
                try
                {
                    answers.Add(new((await call(region, [item], abandoned))[0], null));
                }
                catch (WorkspaceCloudException alone)
                {
                    answers.Add(new(default, ExceptionDispatchInfo.Capture(alone)));
                }
            }

            return answers;
        }
    }

    /// <summary>One item's outcome, or why its call failed.</summary>
    private sealed record Answer(TOutcome? Value, ExceptionDispatchInfo? Error);

    private sealed class Entry(TItem item, CancellationTokenSource waiting)
    {
        public TItem Item { get; } = item;

        /// <summary>Cancelled when its batch fills up and goes early.</summary>
        public CancellationTokenSource Waiting { get; } = waiting;

        /// <summary>Its place in the call made, where its outcome is.</summary>
        public int Position { get; set; }
    }

    private sealed class Batch(string region, DateTimeOffset sendAt)
    {
        public string Region { get; } = region;

        public DateTimeOffset SendAt { get; set; } = sendAt;

        public List<Entry> Entries { get; } = [];

        public Task<IReadOnlyList<Answer>>? Sent { get; set; }

        /// <summary>Callers of the call made still waiting for its answer.</summary>
        public int Waiting { get; set; }

        /// <summary>Cancelled once none of them is waiting any more.</summary>
        public CancellationTokenSource Abandoned { get; } = new();
    }
}

/// <summary>The defaults of <see cref="RegionCallBatcher{TItem, TOutcome}"/> (the pool benchmark's simulator models the same).</summary>
public static class RegionCallBatcherDefaults
{
    /// <summary>
    /// How long the first caller of a call waits for others: half a second, short beside a resume (90 s) or a build
    /// (20 min), and shorter than a second, so callers of one second share a call and one kind makes at most 2 calls
    /// a second per region.
    /// </summary>
    public static readonly TimeSpan Window = TimeSpan.FromMilliseconds(500);
}
