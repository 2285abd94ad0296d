namespace Forge.Api.Portal;

/// <summary>
/// A one-time message for the next page after a form post (post, redirect, get): "Stop requested." or the API's problem.
/// Kept in a short-lived cookie the next page reads and clears; Razor encodes it when shown.
/// </summary>
public sealed record PortalNotice(bool IsError, string Text)
{
    private const string CookieName = "forge.notice";

    public static void Set(HttpContext http, PortalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(notice);
        http.Response.Cookies.Append(CookieName, (notice.IsError ? "e:" : "i:") + notice.Text, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = http.Request.IsHttps,
            MaxAge = TimeSpan.FromMinutes(1),
            Path = "/",
        });
    }

    /// <summary>The notice left for this page, cleared so it shows once.</summary>
    public static PortalNotice? Take(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (http.Request.Cookies[CookieName] is not { Length: > 2 } value)
        {
            return null;
        }

        if (!http.Response.HasStarted)
        {
            http.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
        }

        return new PortalNotice(value.StartsWith("e:", StringComparison.Ordinal), value[2..]);
    }
}
