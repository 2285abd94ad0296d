using System.Net;
using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// <c>PUT /_localcloud/machines/{workspaceId}/faults</c> with <c>{"domainJoinFailures": N}</c>: the
/// machine's next N Forge-JoinDomain runs fail as a join account without the right to join would.
/// <c>GET</c> on the same path shows what is left. Loopback callers only, like the rest of the control surface.
/// </summary>
public static class WorkstationControlApi
{
    public static IEndpointRouteBuilder MapWorkstationControl(this IEndpointRouteBuilder endpoints)
    {
        const string path = Control.ControlApi.Prefix + "/machines/{workspaceId}/faults";
        endpoints.MapGet(path, (string workspaceId, HttpContext http, MachineRegistry machines, MachineFaults faults) =>
            !IsLocal(http) || machines.FindByWorkspace(workspaceId) is null
                ? Results.NotFound()
                : Results.Ok(new MachineFaultsDocument { DomainJoinFailures = faults.DomainJoinFailures(workspaceId) }));
        endpoints.MapPut(path, (string workspaceId, MachineFaultsDocument document, HttpContext http, MachineRegistry machines, MachineFaults faults) =>
        {
            if (!IsLocal(http) || machines.FindByWorkspace(workspaceId) is null)
            {
                return Results.NotFound();
            }

            if (document.DomainJoinFailures < 0)
            {
                return Results.Problem("'domainJoinFailures' must be zero or more.", statusCode: StatusCodes.Status400BadRequest);
            }

            faults.SetDomainJoinFailures(workspaceId, document.DomainJoinFailures);
            return Results.Ok(new MachineFaultsDocument { DomainJoinFailures = faults.DomainJoinFailures(workspaceId) });
        });
        return endpoints;
    }

    private static bool IsLocal(HttpContext http) => http.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote);

    public sealed class MachineFaultsDocument
    {
        public int DomainJoinFailures { get; set; }
    }
}
