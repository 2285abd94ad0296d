using System.Globalization;
using Forge.Api.Pools;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Forge.Api.Portal;

/// <summary>
/// The admin pools page's form posts (pause, resume, bounds, reservations): each calls the pools API as the signed-in
/// user, which refuses anyone but an admin, and redirects back to the pool on the page with what happened as a
/// <see cref="PortalNotice"/>. Forms carry the antiforgery token, as the portal's other actions.
/// </summary>
public static class PortalPoolActions
{
    public static RouteGroupBuilder MapPortalPoolActions(this RouteGroupBuilder group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var pool = group.MapGroup("/pools/{blueprint}/{os}/{region}");
        pool.MapPost("/pause", (HttpContext http, PortalApi api, string blueprint, string os, string region, CancellationToken ct) =>
            UpdateAsync(http, api, new PoolKey(blueprint, os, region), new UpdatePoolRequest(null, null, null, true), "paused: it builds no members until resumed", ct));
        pool.MapPost("/resume", (HttpContext http, PortalApi api, string blueprint, string os, string region, CancellationToken ct) =>
            UpdateAsync(http, api, new PoolKey(blueprint, os, region), new UpdatePoolRequest(null, null, null, false), "resumed", ct));
        pool.MapPost("/bounds", BoundsAsync);
        pool.MapPost("/reservations", ReserveAsync);
        pool.MapPost("/reservations/{id:guid}/delete", DeleteReservationAsync);
        return group;
    }

    /// <summary>Where the page shows a pool: its section's anchor.</summary>
    public static string Anchor(string pool) => "pool-" + string.Concat(pool.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-'));

    private static async Task<RedirectHttpResult> UpdateAsync(HttpContext http, PortalApi api, PoolKey pool, UpdatePoolRequest request, string done, CancellationToken ct)
    {
        var result = await api.UpdatePoolAsync(pool, request, ct);
        return Back(http, pool, result.Ok ? new PortalNotice(false, $"Pool {pool} {done}.") : new PortalNotice(true, result.Problem!.Message));
    }

    // Empty fields are left as they are; text that is not a whole number is refused here, naming the field, as the API would.
    private static async Task<RedirectHttpResult> BoundsAsync(HttpContext http, PortalApi api, string blueprint, string os, string region,
        [FromForm] string? min, [FromForm] string? max, CancellationToken ct)
    {
        var pool = new PoolKey(blueprint, os, region);
        if (!TryWhole(min, out var minimum) || !TryWhole(max, out var maximum))
        {
            return Back(http, pool, new PortalNotice(true, $"{(TryWhole(min, out _) ? "max" : "min")}: A whole number from 0 to 1000."));
        }

        return await UpdateAsync(http, api, pool, new UpdatePoolRequest(minimum, maximum, null, null),
            $"bounds set to min {minimum?.ToString(CultureInfo.InvariantCulture) ?? "unchanged"}, max {maximum?.ToString(CultureInfo.InvariantCulture) ?? "unchanged"}", ct);
    }

    // The form's time is a datetime-local field labelled UTC; one that does not parse is left out, so the API names "at".
    private static async Task<RedirectHttpResult> ReserveAsync(HttpContext http, PortalApi api, string blueprint, string os, string region,
        [FromForm] string? at, [FromForm] string? count, [FromForm] string? note, CancellationToken ct)
    {
        var pool = new PoolKey(blueprint, os, region);
        DateTimeOffset? when = DateTime.TryParse(at, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? new DateTimeOffset(parsed, TimeSpan.Zero) : null;
        int? expected = int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out var c) ? c : null;
        var result = await api.CreateReservationAsync(pool, new CreateReservationRequest(when, expected, string.IsNullOrWhiteSpace(note) ? null : note.Trim()), ct);
        return Back(http, pool, result.Value is { } r
            ? new PortalNotice(false, $"Reserved {r.Count} workstations in {pool} for {r.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC.")
            : new PortalNotice(true, result.Problem!.Message));
    }

    private static async Task<RedirectHttpResult> DeleteReservationAsync(HttpContext http, PortalApi api, string blueprint, string os, string region, Guid id,
        CancellationToken ct)
    {
        var pool = new PoolKey(blueprint, os, region);
        var result = await api.DeleteReservationAsync(pool, id, ct);
        return Back(http, pool, result.Ok ? new PortalNotice(false, $"Reservation deleted from {pool}.") : new PortalNotice(true, result.Problem!.Message));
    }

    private static bool TryWhole(string? text, out int? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        var ok = int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed);
        value = ok ? parsed : null;
        return ok;
    }

    private static RedirectHttpResult Back(HttpContext http, PoolKey pool, PortalNotice notice)
    {
        PortalNotice.Set(http, notice);
        return TypedResults.LocalRedirect("/admin/pools#" + Anchor(pool.ToString()));
    }
}
