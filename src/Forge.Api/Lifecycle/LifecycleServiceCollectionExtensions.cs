using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

public static class LifecycleServiceCollectionExtensions
{
    /// <summary>The lifecycle manager: its options (checked at start), clock, planner's pass and host.</summary>
    public static IServiceCollection AddLifecycle(this IServiceCollection services)
    {
        services.AddOptions<LifecycleOptions>().BindConfiguration(LifecycleOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<LifecycleOptions>, LifecycleOptionsValidator>();
        services.AddSingleton(sp => new LifecycleClock(sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IOptions<Cloud.EmbeddedLocalCloudOptions>>(), sp.GetRequiredService<Cloud.EmbeddedLocalCloud>()));
        services.AddScoped<LifecycleNoticeSender>();
        services.AddScoped<LifecycleActor>();
        services.AddScoped<LifecyclePass>();
        services.AddHostedService<LifecycleHost>();
        return services;
    }
}
