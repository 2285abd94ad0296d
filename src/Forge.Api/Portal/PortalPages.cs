using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Diagnostics;

namespace Forge.Api.Portal;

public static class PortalPages
{
    /// <summary>
    /// Answers a page with the API's refusal: a 404 (a workstation the user may not see, exactly as the API answers) as
    /// the portal's not-found page, any other status with the page's own message. The status code pages middleware,
    /// which would put a problem document in place of the page, stands aside for these responses.
    /// </summary>
    public static void AnswerWith(HttpContext http, NavigationManager navigation, int apiStatus)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(navigation);
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        if (apiStatus == StatusCodes.Status404NotFound)
        {
            navigation.NotFound();
            return;
        }

        http.Response.StatusCode = apiStatus is >= 400 and < 600 ? apiStatus : StatusCodes.Status502BadGateway;
    }
}
