using System.ComponentModel.DataAnnotations;

namespace Forge.Api.Pools;

/// <summary>The pool defaults in one place (requirement 19.1's bounds; the benchmark's model of the cloud).</summary>
public static class PoolDefaults
{
    public const int Min = 5;
    public const int Max = 20;
    public const double ServiceLevel = 0.998;
    public const double RunningServiceLevel = 0.9;
    public const double LeadTimeQuantile = 0.9;
    public const int MaxCreatesPerCall = 25;
    public const int RegionBuildCap = 50;
    public const int FailuresBeforePause = 3;
    public static readonly TimeSpan LeadTime = TimeSpan.FromMinutes(20);
    public static readonly TimeSpan ResumeTime = TimeSpan.FromSeconds(90);
    public static readonly TimeSpan ReviewPeriod = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan ParkHorizon = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan TerminateHorizon = TimeSpan.FromDays(8);
}

/// <summary>
/// One pool's bounds and switches (<c>Pools:&lt;blueprint&gt;:&lt;os&gt;</c>, with per-region overrides):
/// <see cref="Min"/> 5 and <see cref="Max"/> 20 by default; a disabled pool is drained; a paused one is
/// neither built for nor drained.
/// </summary>
public sealed record PoolBounds
{
    [Range(0, 1000)]
    public int Min { get; init; } = PoolDefaults.Min;

    [Range(0, 1000)]
    public int Max { get; init; } = PoolDefaults.Max;

    public bool Enabled { get; init; } = true;

    public bool Paused { get; init; }
}

/// <summary>How the planner sizes every pool. Defaults in <see cref="PoolDefaults"/>.</summary>
public sealed record PoolPlannerOptions
{
    /// <summary>
    /// The probability that the demand over a lead time finds a member waiting (a quantile of the forecast). High,
    /// since a miss costs a developer a whole build while the members it adds wait stopped, at a fraction of the
    /// cost of running ones. Default 0.998.
    /// </summary>
    [Range(0.5, 0.9999)]
    public double ServiceLevel { get; init; } = PoolDefaults.ServiceLevel;

    /// <summary>
    /// The probability that the demand over a resume time finds a running member: the running tier's quantile.
    /// Lower than <see cref="ServiceLevel"/>, since a request that finds none running takes a stopped one, still
    /// within the SLA. Default 0.9.
    /// </summary>
    [Range(0.5, 0.9999)]
    public double RunningServiceLevel { get; init; } = PoolDefaults.RunningServiceLevel;

    /// <summary>The quantile of the observed build times taken as the lead time to plan over. Default 0.9.</summary>
    [Range(0.5, 0.999)]
    public double LeadTimeQuantile { get; init; } = PoolDefaults.LeadTimeQuantile;

    /// <summary>How often the reconciler plans: demand arriving before the next pass must be covered too. Default 1 minute.</summary>
    public TimeSpan ReviewPeriod { get; init; } = PoolDefaults.ReviewPeriod;

    /// <summary>Running members that the forecast needs within this horizon are not parked (no stop/start churn). Default 30 minutes.</summary>
    public TimeSpan ParkHorizon { get; init; } = PoolDefaults.ParkHorizon;

    /// <summary>Stopped members that the forecast needs within this horizon are not terminated (a weekend or a quiet week-day is no reason to rebuild for next Monday). Default 8 days: the week and a day.</summary>
    public TimeSpan TerminateHorizon { get; init; } = PoolDefaults.TerminateHorizon;

    /// <summary>CreateWorkspaces takes at most this many workspaces per call. Default 25.</summary>
    [Range(1, 25)]
    public int MaxCreatesPerCall { get; init; } = PoolDefaults.MaxCreatesPerCall;

    /// <summary>Concurrent builds per region, on-demand builds counted. Default 50.</summary>
    [Range(1, 10000)]
    public int RegionBuildCap { get; init; } = PoolDefaults.RegionBuildCap;

    /// <summary>Consecutive failed builds that pause the pool (a broken bundle must not burn money in a loop). Default 3.</summary>
    [Range(1, 100)]
    public int FailuresBeforePause { get; init; } = PoolDefaults.FailuresBeforePause;
}
