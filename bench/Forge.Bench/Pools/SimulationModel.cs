using Forge.Api.Cloud;
using Forge.Api.Pools;

namespace Forge.Bench.Pools;

/// <summary>
/// The benchmark's model of the cloud, the same for every policy: one-minute steps; a build takes the lead
/// time (20 min fixed, or log-normal from a median and a p95); a resume 1.5 min; bounds [5, 20]; at most
/// 25 creates a call, 2 API calls a second and 50 concurrent creates per region; a request's own calls of one
/// region and kind within half a second share one; SLA 5 minutes.
/// </summary>
public sealed record SimulationModel
{
    public double LeadMedianMinutes { get; init; } = 20;

    /// <summary>Null: the lead time is fixed at the median.</summary>
    public double? LeadP95Minutes { get; init; }

    public double ResumeMinutes { get; init; } = 1.5;

    public int Min { get; init; } = PoolDefaults.Min;

    public int Max { get; init; } = PoolDefaults.Max;

    public int CreatesPerCall { get; init; } = PoolDefaults.MaxCreatesPerCall;

    public int CallsPerSecond { get; init; } = 2;

    /// <summary>
    /// How long a request's own call (on-demand create, start of a stopped member) waits for others of its region and
    /// kind to share it: production's <see cref="RegionCallBatcherDefaults.Window"/>. Zero: every such call goes alone.
    /// </summary>
    public TimeSpan RequestCallWindow { get; init; } = RegionCallBatcherDefaults.Window;

    public int RegionBuildCap { get; init; } = PoolDefaults.RegionBuildCap;

    public double SlaMinutes { get; init; } = 5;

    public int Seed { get; init; } = 1;

    /// <summary>One build's lead time in minutes.</summary>
    public double SampleLead(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (LeadP95Minutes is not { } p95)
        {
            return LeadMedianMinutes;
        }

        var sigma = (Math.Log(p95) - Math.Log(LeadMedianMinutes)) / 1.6448536269514722;
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return LeadMedianMinutes * Math.Exp(sigma * z);
    }
}
