using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Regions;

public sealed record RegionView(string Name, string DisplayName, bool IsDefault);

public static class RegionsApi
{
    public static IServiceCollection AddRegions(this IServiceCollection services)
    {
        services.AddOptions<RegionOptions>().BindConfiguration(RegionOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<RegionOptions>, RegionOptionsValidator>();
        services.AddOptions<GeoIpOptions>().BindConfiguration(GeoIpOptions.SectionName);
        services.AddSingleton<IGeoLocator, DbIpGeoLocator>();
        // The Volumes capability registers its own with AddSingleton/AddScoped; TryAdd keeps out of its way.
        services.TryAddScoped<IUserVolumeRegions, NoUserVolumeRegions>();
        return services;
    }

    public static IEndpointRouteBuilder MapRegionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/regions", List).WithTags("Regions").RequireAuthorization();
        return app;
    }

    /// <summary>The enabled regions, which are what a request may name.</summary>
    private static Ok<List<RegionView>> List(IOptions<RegionOptions> options) =>
        TypedResults.Ok(options.Value.Enabled()
            .Select(name => new RegionView(name, DisplayName(name, options.Value.Available[name]), name == options.Value.Default)).ToList());

    internal static string DisplayName(string name, RegionSettings settings) =>
        settings.DisplayName is { Length: > 0 } shown ? shown : RegionCatalog.Find(name)?.DisplayName ?? name;
}
