using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Security;

/// <summary>
/// One (method, route pattern) the running app answers, read from its <see cref="EndpointDataSource"/>.
/// <see cref="Method"/> is <c>*</c> for an endpoint mapped for every method (health checks, metrics).
/// </summary>
public sealed record ApiRoute(string Method, string Pattern, RouteEndpoint Endpoint)
{
    public const string AnyMethod = "*";

    /// <summary>The route's parameters with their constraints, e.g. <c>("id", "guid")</c>.</summary>
    public IReadOnlyList<(string Name, string? Constraint)> RouteParameters =>
        [.. Endpoint.RoutePattern.Parameters.Select(p => (p.Name, p.ParameterPolicies.Select(c => c.Content).FirstOrDefault()))];

    /// <summary>The JSON body type the endpoint declares (inferred or through <c>Accepts&lt;T&gt;</c>), if any.</summary>
    public Type? JsonBodyType => Endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
        .FirstOrDefault(a => a.ContentTypes.Any(c => c.Contains("json", StringComparison.OrdinalIgnoreCase)))?.RequestType;

    /// <summary>
    /// The handler's query parameters: simple values bound by name that are not route values. Read from the
    /// handler's signature, so a parameter added to a handler is fuzzed without anyone listing it.
    /// </summary>
    public IReadOnlyList<(string Name, Type Type)> QueryParameters
    {
        get
        {
            var handler = Endpoint.Metadata.GetMetadata<MethodInfo>();
            if (handler is null)
            {
                return [];
            }

            var routeNames = RouteParameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            return [.. handler.GetParameters()
                .Where(p => p.Name is not null && !routeNames.Contains(p.Name) && IsSimple(p.ParameterType)
                    && !p.GetCustomAttributes().Any(a => a is FromBodyAttribute or FromHeaderAttribute or FromServicesAttribute or FromRouteAttribute))
                .Select(p => (p.Name!, Nullable.GetUnderlyingType(p.ParameterType) ?? p.ParameterType))];
        }
    }

    public override string ToString() => $"{Method} {Pattern}";

    private static bool IsSimple(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        return t == typeof(string) || t.IsPrimitive || t == typeof(Guid) || t == typeof(decimal) || t == typeof(DateTimeOffset) || t.IsEnum;
    }
}

/// <summary>Every endpoint of a running Forge, as routing sees it: what the matrix and the fuzzer iterate over.</summary>
public static class ApiSurface
{
    public static List<ApiRoute> Enumerate(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var source = services.GetRequiredService<EndpointDataSource>();
        return [.. source.Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [ApiRoute.AnyMethod])
                .Select(method => new ApiRoute(method, e.RoutePattern.RawText ?? "", e)))
            .OrderBy(r => r.Pattern, StringComparer.Ordinal).ThenBy(r => r.Method, StringComparer.Ordinal)];
    }

    /// <summary>The pattern with its parameters replaced (values are inserted as given: escape them first where needed).</summary>
    public static string Fill(string pattern, Func<string, string> value)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(value);
        var parsed = Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(pattern);
        var segments = parsed.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart literal => literal.Content,
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart parameter => value(parameter.Name),
            Microsoft.AspNetCore.Routing.Patterns.RoutePatternSeparatorPart separator => separator.Content,
            _ => "",
        })));
        var path = "/" + string.Join('/', segments);
        return pattern.EndsWith('/') && !path.EndsWith('/') ? path + "/" : path;
    }
}
