namespace Forge.Api.Pools;

/// <summary>
/// What the reconciler knows of one pool at one instant: the planner's whole input besides the forecast.
/// Counts are of unclaimed members only.
/// </summary>
/// <param name="Running">Running, verified, waiting to be claimed.</param>
/// <param name="Stopped">Parked in the stopped tier.</param>
/// <param name="Building">Being built (create, join, hardening, verification).</param>
/// <param name="Resuming">Stopped members being started.</param>
/// <param name="RegionBuildsInFlight">Builds in flight in the pool's region, on-demand and every pool's.</param>
/// <param name="ConsecutiveBuildFailures">Failed builds since the last one that succeeded.</param>
/// <param name="LastFailure">Why the last build failed (shown as the pause reason).</param>
/// <param name="Reservations">Announced demand not yet due or just due.</param>
/// <param name="LeadTime">Observed build times.</param>
/// <param name="ResumeTime">Observed resume times.</param>
public sealed record PoolSnapshot(
    int Running,
    int Stopped,
    int Building,
    int Resuming,
    int RegionBuildsInFlight,
    int ConsecutiveBuildFailures,
    string? LastFailure,
    IReadOnlyList<PoolReservation> Reservations,
    DurationEstimate LeadTime,
    DurationEstimate ResumeTime)
{
    /// <summary>The inventory position: every unclaimed member, whatever its tier or state.</summary>
    public int Inventory => Running + Stopped + Building + Resuming;
}

/// <summary>The levels the planner steers toward.</summary>
/// <param name="Inventory">Order-up-to level of the inventory position (running + stopped + building + resuming).</param>
/// <param name="Running">Members that should be running now; the rest of <paramref name="Inventory"/> is held stopped.</param>
/// <param name="KeepRunning">Running members above <paramref name="Running"/> but needed within the park horizon are not parked.</param>
/// <param name="Ceiling">Above this many members (stopped ones) the surplus is terminated.</param>
public sealed record PoolTargets(int Inventory, int Running, int KeepRunning, int Ceiling)
{
    public int Stopped => Inventory - Running;
}

/// <summary>The planner's answer: targets, the actions toward them, why, and whether the pool is paused (and why).</summary>
public sealed record PoolPlan(PoolTargets Targets, IReadOnlyList<PoolAction> Actions, string Reason, string? PauseReason)
{
    public int Count(PoolActionKind kind) => Actions.Where(a => a.Kind == kind).Sum(a => a.Count);
}
