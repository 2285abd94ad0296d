namespace Forge.Api.Monitoring;

/// <summary>The provisioning promise (section <c>Sla</c>).</summary>
public sealed class SlaOptions
{
    public const string SectionName = "Sla";

    /// <summary>A request meets the SLA when its workspace is ready within this. Default 5 minutes; positive.</summary>
    public TimeSpan Target { get; set; } = TimeSpan.FromMinutes(5);
}
