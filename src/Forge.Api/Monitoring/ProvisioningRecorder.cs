using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.Extensions.Options;

namespace Forge.Api.Monitoring;

/// <summary>
/// Turns a workspace's finished provisioning into its <see cref="ProvisioningRecord"/>, staged on the
/// same context (so it commits with the status change, or not at all), and into the Prometheus
/// measurements, emitted only once that save has succeeded: a failed or conflicting save records
/// nothing, and the pass that retries it records once.
/// </summary>
public sealed class ProvisioningRecorder
{
    private readonly ForgeDbContext _db;
    private readonly ProvisioningMetrics _metrics;
    private readonly IOptions<SlaOptions> _sla;
    private readonly List<(ProvisioningRecord Record, List<(string Step, TimeSpan Elapsed)> Steps)> _staged = [];

    public ProvisioningRecorder(ForgeDbContext db, ProvisioningMetrics metrics, IOptions<SlaOptions> sla)
    {
        _db = db;
        _metrics = metrics;
        _sla = sla;
        db.SavedChanges += (_, _) => EmitStaged();
        db.SaveChangesFailed += (_, _) => _staged.Clear();
    }

    /// <summary>Stages the record of <paramref name="workspace"/> reaching <paramref name="outcome"/> at <paramref name="finishedAt"/>.</summary>
    public void Stage(Workspace workspace, string outcome, DateTimeOffset finishedAt)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var failedStep = Requested(workspace).Where(s => s.Status == StepStatus.Failed).MaxBy(s => s.Sequence);
        var record = new ProvisioningRecord
        {
            WorkspaceId = workspace.Id,
            OwnerId = workspace.OwnerId,
            OwnerTeams = ProvisioningRecord.JoinTeams(workspace.OwnerTeams),
            RequestedAt = workspace.RequestedAt,
            FinishedAt = finishedAt,
            DurationMs = (long)Math.Max(0, (finishedAt - workspace.RequestedAt).TotalMilliseconds),
            Outcome = outcome,
            FailureReason = outcome == ProvisioningOutcomes.Failed ? ProvisioningStepLabels.For(failedStep?.Name ?? "other") : "",
            Blueprint = workspace.Blueprint,
            OperatingSystem = workspace.OperatingSystem,
            Region = workspace.Region,
            Path = workspace.ProvisioningPath,
        };
        _db.Set<ProvisioningRecord>().Add(record);
        _staged.Add((record, StepDurations(workspace, finishedAt)));
    }

    /// <summary>Each step label's span: from its first row's start to its last row's end (retries and their waits included).</summary>
    internal static List<(string Step, TimeSpan Elapsed)> StepDurations(Workspace workspace, DateTimeOffset finishedAt) =>
        [.. Requested(workspace).GroupBy(s => ProvisioningStepLabels.For(s.Name))
            .Select(g => (g.Key, g.Max(s => s.CompletedAt ?? finishedAt) - g.Min(s => s.StartedAt)))];

    /// <summary>The steps since the request: a claimed pool member's build, before it, was not the requester's wait.</summary>
    private static IEnumerable<WorkspaceStep> Requested(Workspace workspace) => workspace.Steps.Where(s => s.StartedAt >= workspace.RequestedAt);

    private void EmitStaged()
    {
        var target = (long)_sla.Value.Target.TotalMilliseconds;
        foreach (var (record, steps) in _staged)
        {
            _metrics.Record(record, record.Outcome == ProvisioningOutcomes.Ready && record.DurationMs <= target, steps);
        }

        _staged.Clear();
    }
}
