using Forge.LocalCloud.Machines;
using Microsoft.Extensions.Options;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Failures the fake workstations will have on their next attempts: per machine (set on the control
/// surface) and per region (from <see cref="LocalWorkstationOptions"/> at start). A machine's own
/// count is used up first.
/// </summary>
public sealed class MachineFaults(IOptions<LocalWorkstationOptions> options)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _joinFailuresByMachine = new(StringComparer.Ordinal);
    private Dictionary<string, int>? _joinFailuresByRegion;

    /// <summary>Makes the next <paramref name="count"/> domain joins of a machine fail (0 clears).</summary>
    public void SetDomainJoinFailures(string workspaceId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_gate)
        {
            _joinFailuresByMachine[workspaceId] = count;
        }
    }

    /// <summary>How many of a machine's next joins will fail because of its own fault setting.</summary>
    public int DomainJoinFailures(string workspaceId)
    {
        lock (_gate)
        {
            return _joinFailuresByMachine.GetValueOrDefault(workspaceId);
        }
    }

    /// <summary>True when this join attempt must fail; uses up one injected failure.</summary>
    public bool TryConsumeDomainJoinFailure(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        lock (_gate)
        {
            _joinFailuresByRegion ??= new Dictionary<string, int>(options.Value.DomainJoinFailures, StringComparer.Ordinal);
            return TryConsume(_joinFailuresByMachine, machine.WorkspaceId) || TryConsume(_joinFailuresByRegion, machine.Region);
        }
    }

    private static bool TryConsume(Dictionary<string, int> counts, string key)
    {
        if (counts.GetValueOrDefault(key) <= 0)
        {
            return false;
        }

        counts[key]--;
        return true;
    }
}
