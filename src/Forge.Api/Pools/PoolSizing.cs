namespace Forge.Api.Pools;

/// <summary>
/// Sizes one pool: a time-varying base-stock policy on the inventory position. Pure: a function of
/// (snapshot, forecast, bounds, options, now) returning targets and actions.
/// <list type="bullet">
/// <item>Order-up-to level: the demand over the next lead time (the observed build time's
/// <see cref="PoolPlannerOptions.LeadTimeQuantile"/>, plus one review period) at the service quantile, plus
/// the reservations due within it, plus the forecast's allowance for a surge it cannot foresee
/// (<see cref="IDemandOutlook.SurgeAllowance"/>), clamped to [Min, Max]; a reservation lifts Max by its count.</item>
/// <item>Running target: the same over the resume time; the rest of the level is held stopped, since a
/// stopped member resumes within the SLA and costs a fraction of a running one.</item>
/// <item>Surplus running members are parked (unless needed within the park horizon); only stopped
/// members above what the terminate horizon's busiest lead time needs are terminated.</item>
/// <item>Builds respect the region's cap of concurrent builds; N consecutive failures pause the pool.</item>
/// </list>
/// </summary>
public static class PoolSizing
{
    public static PoolPlan Plan(PoolSnapshot s, IDemandOutlook demand, PoolBounds bounds, PoolPlannerOptions options, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        ArgumentNullException.ThrowIfNull(demand);
        ArgumentNullException.ThrowIfNull(bounds);
        ArgumentNullException.ThrowIfNull(options);
        if (!bounds.Enabled)
        {
            var drain = s.Running + s.Stopped;
            var zero = new PoolTargets(0, 0, 0, 0);
            return drain == 0
                ? new(zero, [], "pool disabled: nothing to drain", null)
                : new(zero, [new(PoolActionKind.Terminate, drain, "pool disabled: draining")], "pool disabled: draining", null);
        }

        var lead = s.LeadTime.Quantile(options.LeadTimeQuantile) + options.ReviewPeriod;
        var resume = s.ResumeTime.Quantile(options.LeadTimeQuantile) + options.ReviewPeriod;
        var p = options.ServiceLevel;
        var reservedLead = Reserved(s, now, lead);
        var reservedResume = Reserved(s, now, resume);
        var max = bounds.Max + reservedLead;
        var forecastLead = demand.DemandQuantile(now, lead, p);
        var surge = Math.Min(max, demand.SurgeAllowance(now, lead));
        var level = Math.Clamp(forecastLead + reservedLead + surge, Math.Min(bounds.Min, max), max);
        var pRunning = options.RunningServiceLevel;
        var running = Math.Min(level, demand.DemandQuantile(now, resume, pRunning) + reservedResume);
        var keep = Math.Max(running, Math.Min(level, demand.PeakDemandQuantile(now, options.ParkHorizon, resume, pRunning) + Reserved(s, now, options.ParkHorizon)));
        // What the pool holds against a surge is needed within the terminate horizon too (surges recur; a young pool meets
        // times of the week it has not seen), so it is not terminated while the forecast still allows for it.
        var ceiling = Math.Max(level, Math.Min(max, demand.PeakDemandQuantile(now, options.TerminateHorizon, lead, p)
            + Reserved(s, now, options.TerminateHorizon) + Math.Min(max, demand.SurgeAllowance(now, options.TerminateHorizon))));
        var targets = new PoolTargets(level, running, keep, ceiling);
        var why = $"level {level}: {p:P1} of the demand over {Minutes(lead)} min lead time ({forecastLead}) + {reservedLead} reserved + {surge} against a surge, in [{bounds.Min}, {max}]; running {running}: {pRunning:P0} of the demand over the {Minutes(resume)} min resume time + reserved";

        var pauseReason = bounds.Paused ? "paused by an admin"
            : s.ConsecutiveBuildFailures >= options.FailuresBeforePause
                ? $"paused: {s.ConsecutiveBuildFailures} consecutive build failures (last: {s.LastFailure ?? "unknown"})"
                : null;

        var actions = new List<PoolAction>();
        var build = Math.Max(0, level - s.Inventory);
        var slots = Math.Max(0, options.RegionBuildCap - s.RegionBuildsInFlight);
        if (build > 0 && pauseReason is null && slots > 0)
        {
            var n = Math.Min(build, slots);
            actions.Add(new(PoolActionKind.Build, n, n < build
                ? $"inventory {s.Inventory} below level {level}; {n} of {build} within the region's cap of {options.RegionBuildCap} builds"
                : $"inventory {s.Inventory} below level {level}"));
        }

        var resumeCount = Math.Min(s.Stopped, Math.Max(0, running - s.Running - s.Resuming));
        if (resumeCount > 0)
        {
            actions.Add(new(PoolActionKind.Resume, resumeCount, $"running {s.Running} + resuming {s.Resuming} below the running target {running}"));
        }

        var park = Math.Max(0, s.Running - keep);
        if (park > 0)
        {
            actions.Add(new(PoolActionKind.Stop, park, $"running {s.Running} above {keep} needed within {Minutes(options.ParkHorizon)} min: parked stopped"));
        }

        // Only stopped members are terminated, and only once the running surplus is parked: a later pass terminates those.
        var terminate = Math.Min(s.Stopped - resumeCount, Math.Max(0, s.Inventory - ceiling));
        if (terminate > 0 && pauseReason is null)
        {
            actions.Add(new(PoolActionKind.Terminate, terminate, $"inventory {s.Inventory} above {ceiling}, the most needed within {Minutes(options.TerminateHorizon)} min"));
        }

        return new(targets, actions, pauseReason is null ? why : $"{pauseReason}; {why}", pauseReason);
    }

    /// <summary>The batches a build of <paramref name="count"/> members takes (CreateWorkspaces takes at most <paramref name="perCall"/>).</summary>
    public static IReadOnlyList<int> CreateBatches(int count, int perCall)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perCall, 1);
        var batches = new List<int>();
        for (var left = count; left > 0; left -= perCall)
        {
            batches.Add(Math.Min(left, perCall));
        }

        return batches;
    }

    private static int Reserved(PoolSnapshot s, DateTimeOffset now, TimeSpan horizon)
    {
        var total = 0;
        foreach (var r in s.Reservations)
        {
            if (r.At >= now && r.At < now + horizon)
            {
                total += r.Count;
            }
        }

        return total;
    }

    private static string Minutes(TimeSpan t) => t.TotalMinutes.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
