using Forge.LocalCloud.Control;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// Acting as a WorkSpace's user on the control surface: <c>POST /_localcloud/machines/{workspaceId}/connect</c>
/// and <c>/disconnect</c>. Connecting to a stopped AUTO_STOP WorkSpace starts it, as the client does.
/// Like the rest of the control surface, it answers only callers on loopback.
/// </summary>
public static class WorkSpacesControlApi
{
    public static RouteGroupBuilder MapWorkSpacesControlApi(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(ControlApi.Prefix + "/machines");
        group.MapPost("/{workspaceId}/connect", (string workspaceId, WorkSpacesLocalService workspaces) =>
            Answer(workspaceId, workspaces.Connect(workspaceId)));
        group.MapPost("/{workspaceId}/disconnect", (string workspaceId, WorkSpacesLocalService workspaces) =>
            Answer(workspaceId, workspaces.Disconnect(workspaceId)));
        return group;
    }

    private static IResult Answer(string workspaceId, UserSessionOutcome outcome) => outcome switch
    {
        UserSessionOutcome.NotFound => Results.Problem($"No WorkSpace {workspaceId}.", statusCode: StatusCodes.Status404NotFound),
        UserSessionOutcome.Unavailable => Results.Problem(
            $"WorkSpace {workspaceId} is not running and does not start on connect (only a STOPPED AUTO_STOP WorkSpace does).",
            statusCode: StatusCodes.Status409Conflict),
        UserSessionOutcome.Starting => Results.Json(new SessionView(workspaceId, "starting"), statusCode: StatusCodes.Status202Accepted),
        UserSessionOutcome.Connected => Results.Json(new SessionView(workspaceId, "connected")),
        _ => Results.Json(new SessionView(workspaceId, "disconnected")),
    };

    /// <summary>The answer of connect and disconnect.</summary>
    public sealed record SessionView(string WorkspaceId, string Session);
}
