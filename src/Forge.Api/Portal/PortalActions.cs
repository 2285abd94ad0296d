using Forge.Api.Workspaces;
using Microsoft.AspNetCore.Mvc;

namespace Forge.Api.Portal;

/// <summary>
/// The portal's form posts: each calls the REST API as the signed-in user and redirects to the page to show
/// (post, redirect, get), with what happened as a <see cref="PortalNotice"/>. Forms carry the antiforgery token.
/// </summary>
public static class PortalActions
{
    private static readonly Dictionary<string, string> Done = new(StringComparer.Ordinal)
    {
        ["stop"] = "Stop requested.",
        ["start"] = "Start requested.",
        ["reboot"] = "Reboot requested.",
        ["terminate"] = "Termination requested.",
        ["keep-alive-on"] = "Keep-alive is on: this workstation is not stopped for being idle.",
        ["keep-alive-off"] = "Keep-alive is off.",
        ["sync-dotfiles"] = "Dotfile sync requested: the outcome shows in the steps.",
    };

    public static IEndpointRouteBuilder MapPortalActions(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/portal").RequireAuthorization(PortalAuth.Policy).ExcludeFromDescription();
        group.MapPost("/request", RequestAsync);
        group.MapPortalPoolActions();
        foreach (var action in Done.Keys)
        {
            group.MapPost($"/workspaces/{{id:guid}}/{action}", (HttpContext http, PortalApi api, Guid id, [FromForm] string? returnUrl, CancellationToken ct) =>
                ActAsync(http, api, id, action, returnUrl, ct));
        }

        // The live progress of a workspace page: the API's own event stream handler (the same visibility check before
        // every event, the same per-user stream cap), answered to the portal's session; see portal.js.
        group.MapGet("/workspaces/{id:guid}/events", WorkspaceEvents.StreamAsync);
        return app;
    }

    // The form's choice is "blueprint:system"; the API validates both (an unknown one is its 422, shown as the notice).
    private static async Task<IResult> RequestAsync(HttpContext http, PortalApi api, [FromForm] string? choice, [FromForm] string? region, CancellationToken ct)
    {
        var parts = (choice ?? "").Split(':', 2);
        var (blueprint, operatingSystem) = (parts[0], parts.Length == 2 ? parts[1] : null);
        var created = await api.CreateAsync(new CreateWorkspaceRequest(blueprint, operatingSystem, null, string.IsNullOrEmpty(region) ? null : region, null), ct);
        if (created.Value is { } workspace)
        {
            return TypedResults.LocalRedirect($"/workspaces/{workspace.Id}");
        }

        PortalNotice.Set(http, new PortalNotice(true, created.Problem!.Message));
        return TypedResults.LocalRedirect("/request");
    }

    private static async Task<IResult> ActAsync(HttpContext http, PortalApi api, Guid id, string action, string? returnUrl, CancellationToken ct)
    {
        var result = (await api.ActAsync(id, action, ct))!;
        PortalNotice.Set(http, result.Ok ? new PortalNotice(false, Done[action]) : new PortalNotice(true, result.Problem!.Message));
        return TypedResults.LocalRedirect(PortalAuth.LocalUrl(returnUrl ?? $"/workspaces/{id}"));
    }
}
