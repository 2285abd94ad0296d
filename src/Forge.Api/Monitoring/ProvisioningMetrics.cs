using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Forge.Api.Monitoring;

/// <summary>
/// The provisioning instruments on Forge's meter: time to outcome and per step (histograms dense
/// around the SLA), outcomes by failure reason, SLA met or missed, and requests in flight. Recorded
/// by <see cref="ProvisioningRecorder"/> once the finishing transaction has committed.
/// </summary>
public sealed class ProvisioningMetrics
{
    public const string Duration = ForgeMetrics.ProvisioningDuration;
    public const string StepDuration = "forge.workspace.provisioning.step.duration";
    public const string Finished = "forge.workspace.provisioning.finished";
    public const string Sla = "forge.workspace.provisioning.sla";
    public const string InFlight = "forge.workspace.provisioning.in_flight";
    public const string PoolMembers = "forge.pool.members";
    public const string CloudWatchSent = "forge.monitoring.cloudwatch.sent";
    public const string CloudWatchDropped = "forge.monitoring.cloudwatch.dropped";

    /// <summary>Step bounds in seconds: most steps take seconds to a few minutes, the wait for AVAILABLE up to the SLA.</summary>
    public static readonly double[] StepBuckets = [1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 150, 180, 240, 300, 450, 600, 900];

    private readonly Histogram<double> _duration;
    private readonly Histogram<double> _steps;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _sla;
    private readonly Counter<long> _cloudWatchSent;
    private readonly Counter<long> _cloudWatchDropped;
    private volatile IReadOnlyList<InFlightCount> _inFlight = [];
    private volatile IReadOnlyList<PoolMemberCount> _poolMembers = [];

    public ProvisioningMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(ForgeMetrics.MeterName);
        _duration = meter.CreateHistogram<double>(Duration, "s", "From a workspace request to its outcome (ready or failed).");
        _steps = meter.CreateHistogram<double>(StepDuration, "s", "One provisioning step, from its first attempt to its end, retries included.");
        _finished = meter.CreateCounter<long>(Finished, "{request}", "Finished provisioning requests by outcome and failure reason.");
        _sla = meter.CreateCounter<long>(Sla, "{request}", "Finished provisioning requests that met or missed the SLA (a failure misses it).");
        _cloudWatchSent = meter.CreateCounter<long>(CloudWatchSent, "{record}", "Provisioning records published to CloudWatch.");
        _cloudWatchDropped = meter.CreateCounter<long>(CloudWatchDropped, "{record}",
            "Provisioning records never published to CloudWatch because it was unavailable for longer than the backlog bound.");
        meter.CreateObservableGauge(InFlight, () => _inFlight.Select(c => new Measurement<long>(c.Count,
            new KeyValuePair<string, object?>("blueprint", c.Blueprint), new KeyValuePair<string, object?>("region", c.Region))),
            "{request}", "Provisioning requests not yet ready or failed, as last sampled.");
        meter.CreateObservableGauge(PoolMembers, () => _poolMembers.Select(c => new Measurement<long>(c.Count,
            new KeyValuePair<string, object?>("pool", c.Pool), new KeyValuePair<string, object?>("state", c.State))),
            "{workspace}", "Unclaimed warm-pool members by pool and state (ready: the running tier; stopped: the stopped tier), as last sampled.");
    }

    internal void Record(ProvisioningRecord record, bool metSla, IEnumerable<(string Step, TimeSpan Elapsed)> steps)
    {
        var labels = new TagList
        {
            { "outcome", record.Outcome }, { "blueprint", record.Blueprint }, { "os", record.OperatingSystem },
            { "region", record.Region }, { "path", record.Path },
        };
        _duration.Record(record.DurationMs / 1000.0, labels);
        labels.Add("reason", record.FailureReason);
        _finished.Add(1, labels);
        _sla.Add(1, new TagList
        {
            { "result", metSla ? "met" : "missed" }, { "blueprint", record.Blueprint }, { "region", record.Region }, { "path", record.Path },
        });
        foreach (var (step, elapsed) in steps)
        {
            _steps.Record(elapsed.TotalSeconds, new TagList
            {
                { "step", step }, { "outcome", record.Outcome }, { "blueprint", record.Blueprint }, { "region", record.Region }, { "path", record.Path },
            });
        }
    }

    internal void SetInFlight(IReadOnlyList<InFlightCount> counts) => _inFlight = counts;

    internal void SetPoolMembers(IReadOnlyList<PoolMemberCount> counts) => _poolMembers = counts;

    /// <summary>The last in-flight sample, as the gauge reports it.</summary>
    internal IReadOnlyList<InFlightCount> InFlightSample => _inFlight;

    internal void CloudWatchPublished(int records) => _cloudWatchSent.Add(records);

    internal void CloudWatchDroppedRecords(long records) => _cloudWatchDropped.Add(records);
}

/// <summary>Requests in flight for one blueprint in one region.</summary>
internal sealed record InFlightCount(string Blueprint, string Region, long Count);

internal sealed record PoolMemberCount(string Pool, string State, long Count);
