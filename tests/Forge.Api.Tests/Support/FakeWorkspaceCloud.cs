using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Support;

/// <summary>
/// A narrow stand-in for the WorkSpaces cloud behind <see cref="IWorkspaceCloud"/>, driven by the
/// test's clock: PENDING for <see cref="BuildTime"/>, transitions for <see cref="TransitionTime"/>,
/// new WorkSpaces invisible for <see cref="ConsistencyDelay"/>. It counts CreateWorkspaces calls per
/// Forge id, and <see cref="HangAfterCreate"/> makes a create hang after the WorkSpace exists (a
/// process killed mid-step). Replace with the local cloud once its WorkSpaces service is merged.
/// </summary>
public sealed class FakeWorkspaceCloud(TimeProvider clock) : IWorkspaceCloud
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Machine> _machines = [];
    private readonly Dictionary<Guid, int> _creates = [];
    private int _next;

    public TimeSpan BuildTime { get; set; } = TimeSpan.FromMinutes(20);

    public TimeSpan TransitionTime { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan ConsistencyDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>While set, creates hang (until cancelled or released) after making the WorkSpace.</summary>
    public TaskCompletionSource? HangAfterCreate { get; set; }

    public int CreateCalls(Guid forgeId)
    {
        lock (_lock)
        {
            return _creates.GetValueOrDefault(forgeId);
        }
    }

    public int TotalCreateCalls
    {
        get
        {
            lock (_lock)
            {
                return _creates.Values.Sum();
            }
        }
    }

    public int WorkspacesFor(Guid forgeId)
    {
        lock (_lock)
        {
            return _machines.Values.Count(m => m.ForgeId == forgeId);
        }
    }

    public async Task<CloudWorkspace> EnsureCreatedAsync(WorkspaceSpec spec, CancellationToken cancellationToken)
    {
        if (await FindAsync(spec, cancellationToken) is { } existing)
        {
            return existing;
        }

        CloudWorkspace created;
        lock (_lock)
        {
            _creates[spec.ForgeId] = _creates.GetValueOrDefault(spec.ForgeId) + 1;
            var id = $"ws-{++_next:x8}";
            var machine = new Machine(id, spec.ForgeId, spec.DirectoryUser, clock.GetUtcNow()) { State = CloudStates.Pending, Until = clock.GetUtcNow() + BuildTime, Then = CloudStates.Available };
            _machines[id] = machine;
            created = machine.View();
        }

        if (HangAfterCreate is { } hang)
        {
            await hang.Task.WaitAsync(cancellationToken);
        }

        return created;
    }

    public Task<CloudWorkspace?> FindAsync(WorkspaceSpec spec, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var visibleSince = clock.GetUtcNow() - ConsistencyDelay;
            var found = _machines.Values.FirstOrDefault(m => m.ForgeId == spec.ForgeId && m.CreatedAt <= visibleSince && m.Current(clock) != CloudStates.Terminated);
            return Task.FromResult(found?.View());
        }
    }

    public Task<CloudWorkspace?> DescribeAsync(string workspaceId, string region, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var visibleSince = clock.GetUtcNow() - ConsistencyDelay;
            return Task.FromResult(_machines.TryGetValue(workspaceId, out var m) && m.CreatedAt <= visibleSince ? m.View(clock) : null);
        }
    }

    public Task StopAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        Transition(workspaceId, CloudStates.Available, CloudStates.Stopping, CloudStates.Stopped);

    public Task StartAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        Transition(workspaceId, CloudStates.Stopped, CloudStates.Starting, CloudStates.Available);

    public Task RebootAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        Transition(workspaceId, CloudStates.Available, CloudStates.Rebooting, CloudStates.Available);

    public Task TerminateAsync(string workspaceId, string region, CancellationToken cancellationToken) =>
        Transition(workspaceId, null, CloudStates.Terminating, CloudStates.Terminated);

    private Task Transition(string workspaceId, string? from, string during, string to)
    {
        lock (_lock)
        {
            if (!_machines.TryGetValue(workspaceId, out var m) || (from is not null && m.Current(clock) != from))
            {
                throw new WorkspaceCloudException($"{workspaceId} is not {from}", terminal: false);
            }

            m.State = during;
            m.Until = clock.GetUtcNow() + TransitionTime;
            m.Then = to;
            return Task.CompletedTask;
        }
    }

    private sealed class Machine(string id, Guid forgeId, string user, DateTimeOffset createdAt)
    {
        public string Id { get; } = id;

        public Guid ForgeId { get; } = forgeId;

        public string User { get; } = user;

        public DateTimeOffset CreatedAt { get; } = createdAt;

        public required string State { get; set; }

        public DateTimeOffset Until { get; set; }

        public required string Then { get; set; }

        public string Current(TimeProvider clock)
        {
            if (clock.GetUtcNow() >= Until)
            {
                State = Then;
            }

            return State;
        }

        public CloudWorkspace View(TimeProvider? clock = null) =>
            new(Id, clock is null ? State : Current(clock), "WSAMZN-" + Id[3..], "10.0.0." + (Math.Abs(Id.GetHashCode()) % 250 + 2));
    }
}
