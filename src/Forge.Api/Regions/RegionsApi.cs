using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Forge.Api.Regions;

public sealed record RegionView(string Name, string DisplayName, bool IsDefault);

public static class RegionsApi
{
    public static IServiceCollection AddRegions(this IServiceCollection services)
    {
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegionOptions>, RegionOptionsValidator>();
        return services;
    }

    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/regions", List).WithTags("Regions").RequireAuthorization();
        return app;
    }

    private static Ok<List<RegionView>> List(IOptions<RegionOptions> options) =>
        TypedResults.Ok(options.Value.Available.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r => new RegionView(r.Key, r.Value.DisplayName, r.Key == options.Value.Default)).ToList());
}
