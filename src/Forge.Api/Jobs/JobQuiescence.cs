using System.Runtime.CompilerServices;

namespace Forge.Api.Jobs;

/// <summary>
/// Knows when the background work on one clock is quiet: every job worker loop has, since the time
/// asked about was reached and since the last <see cref="JobSignal"/>, tried to claim and found
/// nothing, and every run or periodic pass in progress waits (on the clock, or on a hold the test keeps):
/// nothing more happens until the test moves. Tests await it after moving their fake clock instead of
/// waiting in real time.
/// </summary>
/// <remarks>
/// One per <see cref="TimeProvider"/> (<see cref="Of"/>), not per process: replicas on one test clock
/// report to the same one, so quiet means all of them are, and the periodic passes
/// (<see cref="Platform.PeriodicPass"/>), which only know their clock, report without new wiring.
/// In production it only counts: nothing waits on it.
/// </remarks>
public sealed class JobQuiescence
{
    private static readonly ConditionalWeakTable<TimeProvider, JobQuiescence> ByClock = [];
    private static readonly AsyncLocal<Work?> Ambient = new();

    private readonly Lock _gate = new();
    private readonly HashSet<Work> _busy = [];
    private readonly HashSet<WorkerLoop> _loops = [];
    private readonly Platform.Pulse _changed = new();
    private DateTimeOffset _wanted = DateTimeOffset.MinValue;

    /// <summary>The one for this clock.</summary>
    public static JobQuiescence Of(TimeProvider timeProvider) => ByClock.GetValue(timeProvider, _ => new JobQuiescence());

    /// <summary>
    /// The work (a job run, a periodic pass) this code runs for, if any: a test clock marks it as
    /// waiting while it awaits one of the clock's delays (<see cref="Work.BeginWait"/>).
    /// </summary>
    public static Work? CurrentWork => Ambient.Value;

    /// <summary>A job worker loop of this process; disposed when the loop ends.</summary>
    public WorkerLoop AddWorker(string workerId, JobSignal signal)
    {
        var loop = new WorkerLoop(this, workerId, signal);
        Change(() => _loops.Add(loop));
        return loop;
    }

    /// <summary>Busy work that is not a worker loop's (a periodic pass that is due, a request a test serves); ends when disposed.</summary>
    public Work BeginWork(string description)
    {
        var work = new Work(this, description, loop: null);
        Change(() => _busy.Add(work));
        return work;
    }

    /// <summary>Whether everything is quiet at <paramref name="now"/> (see the class summary).</summary>
    public bool IsQuiet(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _busy.All(w => w.IsWaiting) && _loops.All(l => l.Current is not null || l.IdleSince(now));
        }
    }

    /// <summary>
    /// Completes when everything is quiet at <paramref name="now"/>. Wakes the idle worker loops that
    /// last looked before <paramref name="now"/> (the clock moved since), so each looks for the jobs the
    /// move made due; a loop that was looking meanwhile looks once more when it finds nothing. Loops that
    /// looked at <paramref name="now"/> already are left alone, as in production: a job staged without
    /// this process's signal (by another replica) waits for their backup poll.
    /// </summary>
    public async Task WaitForQuiescenceAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        WakeWorkersBehind(now);
        while (true)
        {
            // Taken before looking, so a change made while looking is not missed.
            var changed = _changed.Current;
            if (IsQuiet(now))
            {
                return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>What is not quiet at <paramref name="now"/>, for a failure message.</summary>
    public IReadOnlyList<string> Describe(DateTimeOffset now)
    {
        lock (_gate)
        {
            return
            [
                .. _busy.Where(w => !w.IsWaiting).Select(w => $"{w.Description} is running"),
                .. _loops.Where(l => l.Current is null && !l.IdleSince(now)).Select(l => $"worker {l.WorkerId} has not looked for due jobs yet"),
            ];
        }
    }

    private void WakeWorkersBehind(DateTimeOffset now)
    {
        JobSignal[] signals;
        lock (_gate)
        {
            _wanted = now > _wanted ? now : _wanted;
            signals = [.. _loops.Where(l => l.Current is null && l.IdleBefore(now)).Select(l => l.Signal).Distinct()];
        }

        foreach (var signal in signals)
        {
            signal.Notify();
        }
    }

    private void Change(Action change)
    {
        lock (_gate)
        {
            change();
        }

        _changed.Notify();
    }

    /// <summary>One job worker loop: running work, or idle since a claim attempt that found nothing.</summary>
    public sealed class WorkerLoop : IDisposable
    {
        private readonly JobQuiescence _owner;
        private Task? _idleWake;
        private DateTimeOffset _idleAt;

        internal WorkerLoop(JobQuiescence owner, string workerId, JobSignal signal)
        {
            _owner = owner;
            WorkerId = workerId;
            Signal = signal;
        }

        public string WorkerId { get; }

        internal JobSignal Signal { get; }

        internal Work? Current { get; private set; }

        /// <summary>
        /// Starts a claim attempt (and the run it may lead to), as the current work of this async flow.
        /// Until it ends and the loop reports <see cref="Idle"/>, the loop is not quiet.
        /// </summary>
        public Work BeginAttempt()
        {
            var work = new Work(_owner, $"worker {WorkerId}", this);
            _owner.Change(() =>
            {
                _idleWake = null;
                Current = work;
                _owner._busy.Add(work);
            });
            Ambient.Value = work;
            return work;
        }

        /// <summary>
        /// A claim attempt found nothing. <paramref name="wake"/> is the signal taken before the
        /// attempt and <paramref name="triedAt"/> the clock before it: the loop is quiet for any
        /// time up to <paramref name="triedAt"/> until the signal fires.
        /// </summary>
        public void Idle(Task wake, DateTimeOffset triedAt)
        {
            var behind = false;
            _owner.Change(() =>
            {
                _idleWake = wake;
                _idleAt = triedAt;
                behind = triedAt < _owner._wanted;
            });
            if (behind)
            {
                // Someone waits for quiet at a time this look came too early for: look again.
                Signal.Notify();
            }
        }

        internal bool IdleSince(DateTimeOffset now) => _idleWake is { IsCompleted: false } && _idleAt >= now;

        internal bool IdleBefore(DateTimeOffset now) => _idleWake is null || _idleAt < now;

        internal void Ended(Work work)
        {
            if (Current == work)
            {
                Current = null;
            }
        }

        public void Dispose() => _owner.Change(() =>
        {
            _owner._loops.Remove(this);
            if (Current is not null)
            {
                _owner._busy.Remove(Current);
            }
        });
    }

    /// <summary>Busy work: a job worker's attempt and run, or a periodic pass. Ends when disposed.</summary>
    public sealed class Work : IDisposable
    {
        private readonly JobQuiescence _owner;
        private readonly WorkerLoop? _loop;
        private int _waits;

        internal Work(JobQuiescence owner, string description, WorkerLoop? loop)
        {
            _owner = owner;
            _loop = loop;
            Description = description;
        }

        public string Description { get; private set; }

        internal bool IsWaiting => Volatile.Read(ref _waits) > 0;

        /// <summary>Says what the work is now (the job a worker claimed).</summary>
        public void Describe(string description) => Description = description;

        /// <summary>Runs the rest of this async flow as this work (a periodic pass's body).</summary>
        public void MakeCurrent() => Ambient.Value = this;

        /// <summary>
        /// This work now waits for something only the test moves: its clock (a delay on it), or a hold
        /// the test keeps. The work counts as quiet until the returned wait is disposed (by the clock
        /// when the delay fires or is cancelled).
        /// </summary>
        public IDisposable BeginWait()
        {
            _owner.Change(() => _waits++);
            return new HeldWait(this);
        }

        public void Dispose()
        {
            if (Ambient.Value == this)
            {
                Ambient.Value = null;
            }

            _owner.Change(() =>
            {
                _owner._busy.Remove(this);
                _loop?.Ended(this);
            });
        }

        private sealed class HeldWait(Work work) : IDisposable
        {
            private int _ended;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _ended, 1) == 0)
                {
                    work._owner.Change(() => work._waits--);
                }
            }
        }
    }
}
