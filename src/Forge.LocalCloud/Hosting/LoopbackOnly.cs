using System.Net;
using Forge.LocalCloud.Control;

namespace Forge.LocalCloud.Hosting;

/// <summary>
/// The control surface (<c>/_localcloud/...</c>) is unsigned: it answers callers on this machine only,
/// and anyone else gets 404, as if it were not there. A connection with no remote address (a Unix
/// socket, a proxy's in-memory hop) is not known to come from this machine, so it is refused too.
/// One gate for every control endpoint, so a new one cannot forget it.
/// </summary>
public static class LoopbackOnly
{
    public static bool IsLocal(ConnectionInfo connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote);
    }

    public static IApplicationBuilder UseLoopbackOnlyControlSurface(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(ControlApi.Prefix, StringComparison.OrdinalIgnoreCase) && !IsLocal(context.Connection))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            await next(context).ConfigureAwait(false);
        });
}
