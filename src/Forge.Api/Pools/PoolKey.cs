namespace Forge.Api.Pools;

/// <summary>One warm pool: workstations of one blueprint and OS in one region.</summary>
public sealed record PoolKey(string Blueprint, string Os, string Region)
{
    public override string ToString() => $"{Blueprint}/{Os}/{Region}";
}

/// <summary>Demand an admin announced ahead (an onboarding cohort): <paramref name="Count"/> claims expected from <paramref name="At"/>.</summary>
public sealed record PoolReservation(DateTimeOffset At, int Count);

/// <summary>The actions the planner asks of the pool's reconciler.</summary>
public enum PoolActionKind
{
    /// <summary>Create members (CreateWorkspaces, in batches of at most <see cref="PoolPlannerOptions.MaxCreatesPerCall"/>).</summary>
    Build,

    /// <summary>Start stopped members so they are running when claimed.</summary>
    Resume,

    /// <summary>Park idle running members in the stopped tier.</summary>
    Stop,

    /// <summary>Terminate idle stopped members (never a running one: surplus is parked first).</summary>
    Terminate,
}

/// <summary>One action of a plan: what, how many, and why (as <c>GET /api/v1/pools</c> shows it).</summary>
public sealed record PoolAction(PoolActionKind Kind, int Count, string Reason);
