namespace Forge.Api.Monitoring;

/// <summary>The provisioning promise (section <c>Sla</c>).</summary>
public sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>A request meets the SLA when its workspace is ready within this. Default 5 minutes; positive.</summary>
    public TimeSpan Target { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The share of requests that must meet <see cref="Target"/> over <see cref="ObjectiveWindow"/>. Default 0.99; 0.5 to 0.9999.</summary>
    public double Objective { get; set; } = 0.99;

    /// <summary>The SLO's window: the error budget is (1 − objective) of the requests in it. Default 30 days.</summary>
    public TimeSpan ObjectiveWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A request still not ready this long after it was made raises an alert of its own. Default 15 minutes.</summary>
    public TimeSpan StuckAfter { get; set; } = TimeSpan.FromMinutes(15);
}
