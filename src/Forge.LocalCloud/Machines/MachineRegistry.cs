using System.Collections.Concurrent;

namespace Forge.LocalCloud.Machines;

/// <summary>Every machine of the local cloud, by WorkSpace id and by SSM instance id.</summary>
public sealed class MachineRegistry
{
    private readonly ConcurrentDictionary<string, Machine> _byWorkspace = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Machine> _byInstance = new(StringComparer.Ordinal);

    public void Add(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _byWorkspace[machine.WorkspaceId] = machine;
        _byInstance[machine.InstanceId] = machine;
    }

    public void Remove(Machine machine)
    {
        ArgumentNullException.ThrowIfNull(machine);
        _byWorkspace.TryRemove(machine.WorkspaceId, out _);
        _byInstance.TryRemove(machine.InstanceId, out _);
    }

    public Machine? FindByWorkspace(string workspaceId) => _byWorkspace.GetValueOrDefault(workspaceId);

    public Machine? FindByInstance(string instanceId) => _byInstance.GetValueOrDefault(instanceId);

    public IReadOnlyList<Machine> InRegion(string region) =>
        [.. _byInstance.Values.Where(m => m.Region == region).OrderBy(m => m.InstanceId, StringComparer.Ordinal)];
}
