namespace Forge.LocalCloud.Ssm;

/// <summary>How fast Run Command moves on the local cloud. Bound from <c>LocalCloud:Ssm</c>.</summary>
public sealed class LocalSsmOptions
{
    public const string SectionName = "LocalCloud:Ssm";

    /// <summary>From SendCommand (or the machine coming online) to the agent starting the document: Pending → InProgress. Default 1 s.</summary>
    public TimeSpan DeliveryTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a document runs on the machine: InProgress → Success/Failed. Default 2 s.</summary>
    public TimeSpan ExecutionTime { get; set; } = TimeSpan.FromSeconds(2);
}
