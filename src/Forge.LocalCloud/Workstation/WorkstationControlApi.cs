using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// <c>PUT /_localcloud/machines/{workspaceId}/faults</c> with <c>{"domainJoinFailures": N}</c>: the
/// machine's next N Forge-JoinDomain runs fail as a join account without the right to join would;
/// with <c>{"documentDelaySeconds": {"Forge-SyncDotfiles": 60}}</c>: each run of that document on the
/// machine takes that much longer (a slow script), until set again.
/// <c>GET</c> on the same path shows what is left. Loopback callers only, like the rest of the control surface.
/// </summary>
public static class WorkstationControlApi
{
    public static IEndpointRouteBuilder MapWorkstationControl(this IEndpointRouteBuilder endpoints)
    {
        const string path = Control.ControlApi.Prefix + "/machines/{workspaceId}/faults";
        endpoints.MapGet(path, (string workspaceId, MachineRegistry machines, MachineFaults faults) =>
            machines.FindByWorkspace(workspaceId) is null
                ? Results.NotFound()
                : Results.Ok(Describe(machines.FindByWorkspace(workspaceId)!, faults)));
        endpoints.MapPut(path, (string workspaceId, MachineFaultsDocument document, MachineRegistry machines, MachineFaults faults) =>
        {
            if (machines.FindByWorkspace(workspaceId) is null)
            {
                return Results.NotFound();
            }

            if (document.DomainJoinFailures < 0)
            {
                return Results.Problem("'domainJoinFailures' must be zero or more.", statusCode: StatusCodes.Status400BadRequest);
            }

            if (document.DocumentDelaySeconds?.FirstOrDefault(d => d.Value < 0 || d.Value > 86_400) is { Key: not null } wrong)
            {
                return Results.Problem($"'documentDelaySeconds.{wrong.Key}' must be between 0 and 86400.", statusCode: StatusCodes.Status400BadRequest);
            }

            var machine = machines.FindByWorkspace(workspaceId)!;
            faults.SetDomainJoinFailures(workspaceId, document.DomainJoinFailures);
            if (document.DocumentDelaySeconds is { } delays)
            {
                lock (machine.Gate)
                {
                    machine.DocumentDelays.Clear();
                    foreach (var (name, seconds) in delays.Where(d => d.Value > 0))
                    {
                        machine.DocumentDelays[name] = TimeSpan.FromSeconds(seconds);
                    }
                }
            }

            return Results.Ok(Describe(machine, faults));
        });
        return endpoints;
    }

    private static MachineFaultsDocument Describe(Machine machine, MachineFaults faults)
    {
        lock (machine.Gate)
        {
            return new MachineFaultsDocument
            {
                DomainJoinFailures = faults.DomainJoinFailures(machine.WorkspaceId),
                DocumentDelaySeconds = machine.DocumentDelays.ToDictionary(d => d.Key, d => (int)d.Value.TotalSeconds, StringComparer.Ordinal),
            };
        }
    }

    public sealed class MachineFaultsDocument
    {
        public int DomainJoinFailures { get; set; }

        /// <summary>Extra run time per document name, in seconds; when given it replaces the machine's delays (0 removes one).</summary>
        public Dictionary<string, int>? DocumentDelaySeconds { get; set; }
    }
}
