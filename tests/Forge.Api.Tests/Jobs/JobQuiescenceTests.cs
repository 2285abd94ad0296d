using System.Collections.Concurrent;
using Forge.Api.Jobs;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Jobs;

/// <summary>
/// The quiescence signal the test clock waits on, with real workers on each provider: it is not given
/// while a job is due or running, it is given once they are done, and work a run causes is done first.
/// Runs are held by gates the test opens, so "not yet quiet" is a fact, not a race.
/// </summary>
public abstract class JobQuiescenceTests : ForgeTestBase
{
    /// <summary>Only a guard: a correct signal completes long before.</summary>
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    private readonly Probe _probe = new();

    private ForgeApp StartWorkers(int workers = 4) => StartForge(new() { ["Jobs:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        services =>
        {
            services.AddSingleton(_probe);
            services.AddScoped<IJobHandler, GatedJob>();
            services.AddScoped<IJobHandler, ClockWaitJob>();
            services.AddScoped<IJobHandler, StagingJob>();
            services.AddScoped<IJobHandler, RecordedJob>();
            services.AddScoped<IJobHandler, ChainJob>();
        });

    [Fact]
    public async Task A_job_the_clock_makes_due_is_run_and_finished_before_quiet()
    {
        var app = StartWorkers();
        await Clock.SettleAsync();
        var id = await StageAsync(app, GatedJob.JobKind, runAfter: TimeSpan.FromSeconds(1));

        Clock.Advance(TimeSpan.FromSeconds(1)); // short of the workers' backup poll: settling makes them look
        var settling = Clock.SettleAsync();
        await _probe.StartedAsync(id);
        Assert.False(settling.IsCompleted); // the run is held: it cannot be quiet
        _probe.Open(id);
        await settling.WaitAsync(Guard);

        Assert.Equal(JobState.Succeeded, await StateAsync(app, id));
    }

    [Fact]
    public async Task A_job_due_later_is_left_until_the_clock_reaches_it()
    {
        var app = StartWorkers();
        var id = await StageAsync(app, RecordedJob.JobKind, runAfter: TimeSpan.FromMinutes(1));

        await Clock.SettleAsync();
        Clock.Advance(TimeSpan.FromSeconds(59));
        await Clock.SettleAsync();
        Assert.Equal(JobState.Queued, await StateAsync(app, id));
        Assert.Empty(_probe.Ran);

        Clock.Advance(TimeSpan.FromSeconds(1));
        await Clock.SettleAsync();
        Assert.Equal(JobState.Succeeded, await StateAsync(app, id));
        Assert.Equal([id], _probe.Ran);
    }

    [Fact]
    public async Task A_run_that_stages_another_job_is_followed_by_its_run_before_quiet()
    {
        var app = StartWorkers();
        var subject = Guid.NewGuid();
        await StageAsync(app, StagingJob.JobKind, subject: subject, signal: true);

        await Clock.SettleAsync();

        var jobs = await JobsAsync(app, subject);
        Assert.Equal([(StagingJob.JobKind, JobState.Succeeded), (RecordedJob.JobKind, JobState.Succeeded)],
            jobs.OrderBy(j => j.CreatedAt).ThenBy(j => j.Kind == RecordedJob.JobKind).Select(j => (j.Kind, j.State)));
        Assert.Single(_probe.Ran);
    }

    [Fact]
    public async Task Quiet_means_every_worker_of_every_replica_is_quiet()
    {
        // One worker each: two runs held at once are on different replicas.
        var first = StartWorkers(workers: 1);
        StartWorkers(workers: 1);
        await Clock.SettleAsync();
        var one = await StageAsync(first, GatedJob.JobKind, runAfter: TimeSpan.FromSeconds(1));
        var two = await StageAsync(first, GatedJob.JobKind, runAfter: TimeSpan.FromSeconds(1));

        Clock.Advance(TimeSpan.FromSeconds(1));
        var settling = Clock.SettleAsync();
        await _probe.StartedAsync(one);
        await _probe.StartedAsync(two);
        _probe.Open(one);
        await _probe.FinishedAsync(one);
        Assert.False(settling.IsCompleted); // the other replica still runs its job
        _probe.Open(two);
        await settling.WaitAsync(Guard);

        Assert.Equal(JobState.Succeeded, await StateAsync(first, one));
        Assert.Equal(JobState.Succeeded, await StateAsync(first, two));
    }

    [Fact]
    public async Task A_run_waiting_on_the_clock_lets_it_settle_and_goes_on_when_the_clock_moves()
    {
        var app = StartWorkers();
        var id = await StageAsync(app, ClockWaitJob.JobKind, signal: true);

        await Clock.SettleAsync();
        Assert.Equal(JobState.Running, await StateAsync(app, id));

        Clock.Advance(ClockWaitJob.Wait);
        await Clock.SettleAsync();
        Assert.Equal(JobState.Succeeded, await StateAsync(app, id));
    }

    [Fact]
    public async Task The_reaper_pass_a_clock_move_triggers_is_done_and_its_job_rerun_before_quiet()
    {
        var app = StartWorkers();
        await Clock.SettleAsync();
        var id = await StageAsync(app, RecordedJob.JobKind, runAfter: TimeSpan.FromDays(1));
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // Claimed by a worker that then died: running, and silent from now on.
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            await db.Jobs.Where(j => j.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Running).SetProperty(j => j.ClaimedBy, "dead-worker")
                .SetProperty(j => j.HeartbeatAt, Clock.GetUtcNow()));
        }

        Clock.Advance(JobDefaults.HeartbeatTimeout + JobDefaults.ReapInterval);
        await Clock.SettleAsync();

        Assert.Equal(JobState.Succeeded, await StateAsync(app, id));
        Assert.Equal([id], _probe.Ran);
    }

    [Theory]
    [InlineData(5, 1)]
    [InlineData(JobWorkerHost.MaxPassesPerClaim + 4, 2)]
    public async Task Passes_due_at_once_follow_under_one_claim_each_in_its_own_scope_up_to_the_cap(int passes, int claims)
    {
        _probe.ChainLength = passes;
        var app = StartWorkers(workers: 1);
        var subject = Guid.NewGuid();
        var id = await StageAsync(app, ChainJob.JobKind, subject: subject, signal: true);

        await Clock.SettleAsync();

        var job = Assert.Single(await JobsAsync(app, subject));
        Assert.Equal(JobState.Succeeded, job.State);
        Assert.Equal(claims, job.Attempts); // a claim counts an attempt: the passes beyond the cap went back to the queue once
        var handlers = _probe.PassesOf(id);
        Assert.Equal(passes, handlers.Count);
        Assert.Equal(passes, handlers.Distinct().Count()); // every pass had its own handler, from its own scope
    }

    /// <summary>Stages a job; with <paramref name="signal"/> the process's workers are told, as the API does.</summary>
    private static async Task<Guid> StageAsync(ForgeApp app, string kind, TimeSpan? runAfter = null, Guid? subject = null, bool signal = false)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var job = scope.ServiceProvider.GetRequiredService<JobQueue>().Stage(kind, subject ?? Guid.NewGuid(), correlationId: null);
        job.RunAfter += runAfter ?? TimeSpan.Zero;
        await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().SaveChangesAsync();
        if (signal)
        {
            scope.ServiceProvider.GetRequiredService<JobSignal>().Notify();
        }

        return job.Id;
    }

    private static async Task<string> StateAsync(ForgeApp app, Guid id)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs.Where(j => j.Id == id).Select(j => j.State).SingleAsync();
    }

    private static async Task<List<Job>> JobsAsync(ForgeApp app, Guid subject)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().Jobs.AsNoTracking().Where(j => j.SubjectId == subject).ToListAsync();
    }

    /// <summary>What the test jobs did, and the gates that hold them; shared by the test's replicas.</summary>
    private sealed class Probe
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _started = new();
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _gates = new();
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _finished = new();
        private readonly ConcurrentQueue<Guid> _ran = new();

        private readonly ConcurrentDictionary<Guid, ConcurrentQueue<object>> _passes = new();

        public IReadOnlyList<Guid> Ran => [.. _ran];

        /// <summary>How many passes a <see cref="ChainJob"/> runs before it is done.</summary>
        public int ChainLength { get; set; }

        /// <summary>Records a pass of <paramref name="jobId"/> by <paramref name="handler"/>; returns how many it has had.</summary>
        public int Pass(Guid jobId, object handler)
        {
            var passes = _passes.GetOrAdd(jobId, _ => new ConcurrentQueue<object>());
            passes.Enqueue(handler);
            return passes.Count;
        }

        public IReadOnlyList<object> PassesOf(Guid jobId) => [.. _passes.GetValueOrDefault(jobId) ?? new ConcurrentQueue<object>()];

        public void Record(Guid jobId) => _ran.Enqueue(jobId);

        public async Task RunGatedAsync(Guid jobId, CancellationToken cancellationToken)
        {
            Tcs(_started, jobId).TrySetResult();
            await Tcs(_gates, jobId).Task.WaitAsync(cancellationToken);
            Tcs(_finished, jobId).TrySetResult();
        }

        public Task StartedAsync(Guid jobId) => Tcs(_started, jobId).Task.WaitAsync(Guard);

        public Task FinishedAsync(Guid jobId) => Tcs(_finished, jobId).Task.WaitAsync(Guard);

        public void Open(Guid jobId) => Tcs(_gates, jobId).TrySetResult();

        private static TaskCompletionSource Tcs(ConcurrentDictionary<Guid, TaskCompletionSource> all, Guid jobId) =>
            all.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }

    /// <summary>Runs until the test opens its gate: busy work that is not waiting on the clock.</summary>
    private sealed class GatedJob(Probe probe) : IJobHandler
    {
        public const string JobKind = "test-gated";

        public string Kind => JobKind;

        public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
        {
            await probe.RunGatedAsync(job.Id, cancellationToken);
            return JobOutcome.Done;
        }
    }

    /// <summary>Waits a minute on the clock, as a run polling a command does.</summary>
    private sealed class ClockWaitJob(TimeProvider timeProvider) : IJobHandler
    {
        public const string JobKind = "test-clock-wait";

        public static readonly TimeSpan Wait = TimeSpan.FromMinutes(1);

        public string Kind => JobKind;

        public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
        {
            await Task.Delay(Wait, timeProvider, cancellationToken);
            return JobOutcome.Done;
        }
    }

    /// <summary>Wakes another job for its subject, as a workspace run wakes the next step's job.</summary>
    private sealed class StagingJob(JobQueue jobs, ForgeDbContext db, JobSignal signal) : IJobHandler
    {
        public const string JobKind = "test-staging";

        public string Kind => JobKind;

        public async Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
        {
            await jobs.WakeOrStageAsync(RecordedJob.JobKind, job.SubjectId, correlationId: null, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            signal.Notify();
            return JobOutcome.Done;
        }
    }

    /// <summary>Asks to be looked at again at once until it has had <see cref="Probe.ChainLength"/> passes, as a claim's steps do.</summary>
    private sealed class ChainJob(Probe probe) : IJobHandler
    {
        public const string JobKind = "test-chain";

        public string Kind => JobKind;

        public Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken) =>
            Task.FromResult(probe.Pass(job.Id, this) < probe.ChainLength ? JobOutcome.LookAgainAfter(TimeSpan.Zero) : JobOutcome.Done);
    }

    /// <summary>Records that it ran.</summary>
    private sealed class RecordedJob(Probe probe) : IJobHandler
    {
        public const string JobKind = "test-recorded";

        public string Kind => JobKind;

        public Task<JobOutcome> ExecuteAsync(Job job, string workerId, CancellationToken cancellationToken)
        {
            probe.Record(job.Id);
            return Task.FromResult(JobOutcome.Done);
        }
    }
}

public sealed class JobQuiescenceTestsOnSqlite : JobQuiescenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class JobQuiescenceTestsOnPostgres : JobQuiescenceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
