using System.Text.Json.Nodes;

namespace Forge.LocalCloud.Ssm;

/// <summary>What the control surface shows of one SendCommand: exactly the parameters it was sent.</summary>
public sealed record SsmCommandRecord(
    string Region,
    string CommandId,
    string DocumentName,
    string DocumentVersion,
    IReadOnlyList<string> InstanceIds,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters,
    string? Comment,
    DateTimeOffset RequestedDateTime);

/// <summary>One accepted SendCommand with its per-machine invocations. Guarded by the SSM lock.</summary>
internal sealed class SsmCommand(SsmCommandRecord record, JsonObject echo, string pluginName, int timeoutSeconds,
    IReadOnlyDictionary<string, IReadOnlyList<string>> effectiveParameters)
{
    public SsmCommandRecord Record { get; } = record;

    public string CommandId => Record.CommandId;

    public DateTimeOffset RequestedDateTime => Record.RequestedDateTime;

    /// <summary>The Command structure as SendCommand answered it (inputs echoed).</summary>
    public JsonObject Echo { get; } = echo;

    /// <summary>The document's first step: the plugin GetCommandInvocation reports.</summary>
    public string PluginName { get; } = pluginName;

    /// <summary>Delivery deadline: an invocation not started by then never runs.</summary>
    public DateTimeOffset DeliveryDeadline { get; } = record.RequestedDateTime.AddSeconds(timeoutSeconds);

    /// <summary>Parameters with the document's defaults filled in, as handlers see them.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> EffectiveParameters { get; } = effectiveParameters;

    public Dictionary<string, SsmInvocation> Invocations { get; } = new(StringComparer.Ordinal);

    public ITimer? Timer { get; set; }
}

/// <summary>One machine's share of a command.</summary>
internal sealed class SsmInvocation(string instanceId)
{
    public string InstanceId { get; } = instanceId;

    public string Status { get; set; } = "Pending";

    public string StatusDetails { get; set; } = "Pending";

    /// <summary>-1 until the script finished (or never started).</summary>
    public int ResponseCode { get; set; } = -1;

    /// <summary>The last time the machine was seen offline while the invocation waited for it.</summary>
    public DateTimeOffset? OfflineSeenAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>Run time beyond the usual execution time (the machine's <c>DocumentDelays</c> fault when it started).</summary>
    public TimeSpan ExtraRunTime { get; set; }

    public DateTimeOffset? EndedAt { get; set; }

    public MachineDocumentResult? Result { get; set; }

    public bool IsTerminal => Status is "Success" or "Failed" or "TimedOut" or "Cancelled";
}
