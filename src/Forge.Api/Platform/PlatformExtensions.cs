using System.Net;
using System.Text.Json.Serialization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Forge.Api.Platform;

/// <summary>
/// What every Forge endpoint shares: logs, problem details, JSON, OpenAPI, health, forwarded headers,
/// rate limits, and which listener serves the operator surfaces (<see cref="ManagementOptions"/>).
/// </summary>
public static class PlatformExtensions
{
    public static WebApplicationBuilder AddForgePlatform(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // JSON unless Logging:Console:FormatterName says otherwise (appsettings.Development.json: one readable line per event).
        builder.Logging.ClearProviders().AddConsole();
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Json);
        builder.AddManagement();
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<HttpSurfaceOptions>().BindConfiguration(HttpSurfaceOptions.SectionName)
            .Validate(o => o.MaxRequestBodyBytes > 0 && o.RateLimit.PermitsPerWindow > 0 && o.RateLimit.Window > TimeSpan.Zero,
                "Http:MaxRequestBodyBytes, Http:RateLimit:PermitsPerWindow and Http:RateLimit:Window must be positive.")
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)), "Http:KnownProxies must be IP addresses.")
            .ValidateOnStart();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["correlationId"] = CorrelationId.Of(c.HttpContext));
        services.ConfigureHttpJsonOptions(o =>
        {
            o.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
            o.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        });
        services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        services.AddHealthChecks();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<HttpSurfaceOptions>>((forwarded, http) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownIPNetworks.Clear();
            forwarded.KnownProxies.Clear();
            foreach (var proxy in http.Value.KnownProxies.Count > 0 ? http.Value.KnownProxies : HttpSurfaceOptions.LoopbackProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<HttpSurfaceOptions>>((limiter, http) => ConfigureRateLimits(limiter, http.Value.RateLimit));
        return builder;
    }

    public static WebApplication UseForgePlatform(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseForwardedHeaders();
        app.UseManagementListener();
        app.UseCorrelationIds();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        app.MapOpenApi().WithMetadata(ManagementEndpoint.Instance);
        app.MapScalarApiReference().WithMetadata(ManagementEndpoint.Instance);
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).WithMetadata(AnyListenerEndpoint.Instance);
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready") }).WithMetadata(AnyListenerEndpoint.Instance);
        return app;
    }

    // One window per caller: the user id when authenticated, else the (forwarded) client address.
    private static void ConfigureRateLimits(RateLimiterOptions limiter, RateLimitOptions options)
    {
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var key = context.User.Identity?.IsAuthenticated == true
                ? "user:" + (context.User.Identity.Name ?? "")
                : "ip:" + context.Connection.RemoteIpAddress;
            return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.PermitsPerWindow,
                Window = options.Window,
                QueueLimit = 0,
            });
        });
        limiter.OnRejected = async (context, cancellationToken) =>
        {
            var http = context.HttpContext;
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            {
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status429TooManyRequests, Title = "Too many requests.", Detail = "Your request budget for this window is spent; retry later." },
            });
        };
    }
}
