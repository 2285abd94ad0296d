using System.Threading.RateLimiting;

namespace Forge.Aws;

/// <summary>
/// A token bucket on a <see cref="TimeProvider"/>: tokens accrue continuously at <c>rate</c> per second
/// up to <c>burst</c>, worked out from the clock whenever a caller asks; a caller finding none waits on
/// the same clock, callers taking turns in arrival order, except that a call made in the background
/// (<see cref="AwsCallUrgency"/>: a pool's replenishment, which nobody waits on) lets every other waiting
/// call go first; beyond <c>queueLimit</c> waiting callers, a caller is refused (Polly then throws
/// <c>RateLimiterRejectedException</c>).
/// <para>
/// Why not <see cref="TokenBucketRateLimiter"/> refilled by a timer on the TimeProvider: replenished by
/// hand, it ignores a refill that comes sooner than one period of REAL (Stopwatch) time after the last,
/// so on a virtual clock (and whenever a timer tick comes early) refills were lost and requests waited
/// for good. This bucket never reads real time.
/// </para>
/// </summary>
public sealed class ClockTokenBucket
{
    private static readonly RateLimitLease Acquired = new Lease(true);
    private static readonly RateLimitLease Refused = new Lease(false);

    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waitingNow = new();
    private readonly LinkedList<TaskCompletionSource> _waitingInBackground = new();
    private bool _turnTaken;
    private readonly double _rate;
    private readonly double _burst;
    private readonly int _queueLimit;
    private readonly TimeProvider _time;
    private double _tokens;
    private DateTimeOffset _updated;
    private int _callers;

    public ClockTokenBucket(double rate, double burst, int queueLimit, TimeProvider time)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfLessThan(burst, 1);
        ArgumentNullException.ThrowIfNull(time);
        (_rate, _burst, _queueLimit, _time) = (rate, burst, queueLimit, time);
        _tokens = burst;
        _updated = time.GetUtcNow();
    }

    /// <summary>Takes one token, waiting on the clock for it; a lease that is not acquired when the queue is full.</summary>
    public async ValueTask<RateLimitLease> AcquireAsync(CancellationToken cancellationToken)
    {
        try
        {
            // The caller holding the turn plus those queued behind it.
            if (Interlocked.Increment(ref _callers) > _queueLimit + 1)
            {
                return Refused;
            }

            await TakeTurnAsync(AwsCallUrgency.IsBackground, cancellationToken).ConfigureAwait(false);
            try
            {
                for (var (wait, from) = TakeOrWait(); wait > TimeSpan.Zero; (wait, from) = TakeOrWait())
                {
                    // The wait was worked out at `from`: if the clock moved past `from + wait` before the timer
                    // was set (a virtual clock advanced meanwhile), the token is due now, not one wait later.
                    using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    var delay = Task.Delay(wait, _time, timer.Token);
                    if (_time.GetUtcNow() < from + wait)
                    {
                        await delay.ConfigureAwait(false);
                    }
                    else
                    {
                        await timer.CancelAsync().ConfigureAwait(false);
                    }
                }

                return Acquired;
            }
            finally
            {
                PassTurn();
            }
        }
        finally
        {
            Interlocked.Decrement(ref _callers);
        }
    }

    /// <summary>Takes a token and answers zero, or answers how long after <c>From</c> the next one is due. Only the turn holder calls it.</summary>
    private (TimeSpan Wait, DateTimeOffset From) TakeOrWait()
    {
        var now = _time.GetUtcNow();
        _tokens = Math.Min(_burst, _tokens + (Math.Max(0, (now - _updated).TotalSeconds) * _rate));
        _updated = now;
        // A hair of tolerance: accrual in doubles may land a rounding error short of a whole token.
        if (_tokens >= 1 - 1e-9)
        {
            _tokens = Math.Max(0, _tokens - 1);
            return (TimeSpan.Zero, now);
        }

        return (TimeSpan.FromTicks(Math.Max(1, (long)Math.Ceiling((1 - _tokens) / _rate * TimeSpan.TicksPerSecond))), now);
    }

    /// <summary>Takes the turn, at once when nobody holds it, else after the callers of its urgency and above queued before it.</summary>
    private async Task TakeTurnAsync(bool background, CancellationToken cancellationToken)
    {
        TaskCompletionSource given;
        LinkedListNode<TaskCompletionSource> place;
        lock (_gate)
        {
            if (!_turnTaken)
            {
                _turnTaken = true;
                return;
            }

            given = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            place = (background ? _waitingInBackground : _waitingNow).AddLast(given);
        }

        await using var cancelled = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (place.List is null)
                {
                    return; // Given the turn already: the caller holds it and passes it on.
                }

                place.List.Remove(place);
            }

            given.TrySetCanceled(cancellationToken);
        });
        await given.Task.ConfigureAwait(false);
    }

    /// <summary>Gives the turn to the first caller waiting now, else to the first waiting in the background, else frees it.</summary>
    private void PassTurn()
    {
        TaskCompletionSource next;
        lock (_gate)
        {
            var queue = _waitingNow.Count > 0 ? _waitingNow : _waitingInBackground;
            if (queue.First is not { } first)
            {
                _turnTaken = false;
                return;
            }

            queue.RemoveFirst();
            next = first.Value;
        }

        next.SetResult();
    }

    private sealed class Lease(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
