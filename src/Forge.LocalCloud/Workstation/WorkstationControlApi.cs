using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// <c>PUT /_localcloud/machines/{workspaceId}/faults</c> with <c>{"domainJoinFailures": N}</c>: the
/// machine's next N Forge-JoinDomain runs fail as a join account without the right to join would;
/// with <c>{"documentDelaySeconds": {"Forge-SyncDotfiles": 60}}</c>: each run of that document on the
/// machine takes that much longer (a slow script), until set again; with
/// <c>{"documentFailures": {"Forge-InjectEnvironment": 2}}</c>: the machine's next 2 runs of that
/// document fail with exit code 1 (a broken script), 0 clears.
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

            if (document.DocumentFailures?.FirstOrDefault(d => d.Value < 0) is { Key: not null } negative)
            {
                return Results.Problem($"'documentFailures.{negative.Key}' must be zero or more.", statusCode: StatusCodes.Status400BadRequest);
            }

            var machine = machines.FindByWorkspace(workspaceId)!;
            faults.SetDomainJoinFailures(workspaceId, document.DomainJoinFailures);
            lock (machine.Gate)
            {
                if (document.DocumentDelaySeconds is { } delays)
                {
                    machine.DocumentDelays.Clear();
                    foreach (var (name, seconds) in delays.Where(d => d.Value > 0))
                    {
                        machine.DocumentDelays[name] = TimeSpan.FromSeconds(seconds);
                    }
                }

                if (document.DocumentFailures is { } failures)
                {
                    machine.DocumentFailures.Clear();
                    foreach (var (name, count) in failures.Where(f => f.Value > 0))
                    {
                        machine.DocumentFailures[name] = count;
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
                DocumentFailures = machine.DocumentFailures.Where(f => f.Value > 0).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal),
            };
        }
    }

    public sealed class MachineFaultsDocument
    {
        public int DomainJoinFailures { get; set; }

        /// <summary>Extra run time per document name, in seconds; when given it replaces the machine's delays (0 removes one).</summary>
        public Dictionary<string, int>? DocumentDelaySeconds { get; set; }

        /// <summary>Failing runs left per document name; when given it replaces the machine's failures (0 removes one).</summary>
        public Dictionary<string, int>? DocumentFailures { get; set; }
    }
}
