using System.Diagnostics;

namespace Forge.Api.Platform;

/// <summary>
/// Every request carries a correlation id: the caller's <c>X-Correlation-Id</c> when it is sane,
/// else the trace id. It is echoed back, put in the log scope, and written to audit entries and jobs.
/// </summary>
public static class CorrelationId
{
    public const string Header = "X-Correlation-Id";
    private const string ItemKey = "forge.correlation-id";

    public static string Of(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Items[ItemKey] as string ?? context.TraceIdentifier;
    }

    public static IApplicationBuilder UseCorrelationIds(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var given = context.Request.Headers[Header].ToString();
        var id = given.Length is > 0 and <= 64 && given.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
            ? given
            : Activity.Current?.TraceId.ToString() ?? context.TraceIdentifier;
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Forge.Api.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = id }))
        {
            await next(context);
        }
    });
}
