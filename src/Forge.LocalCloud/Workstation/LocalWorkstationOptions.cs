namespace Forge.LocalCloud.Workstation;

/// <summary>Faults the fake workstations start with. Bound from <c>LocalCloud:Workstation</c>.</summary>
public sealed class LocalWorkstationOptions
{
    public const string SectionName = "LocalCloud:Workstation";

    /// <summary>
    /// Per region: how many Forge-JoinDomain attempts fail (as a lacking join permission does) before
    /// joins succeed there, e.g. <c>LocalCloud:Workstation:DomainJoinFailures:us-east-1=2</c>.
    /// </summary>
    public Dictionary<string, int> DomainJoinFailures { get; set; } = new(StringComparer.Ordinal);
}
