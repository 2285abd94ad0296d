namespace Forge.Api.Orphans;

public static class OrphansServiceCollectionExtensions
{
    /// <summary>Finding, reporting and terminating orphan WorkSpaces (options in <see cref="Lifecycle.LifecycleOptions"/>, with the lifecycle's clock and pause).</summary>
    public static IServiceCollection AddOrphans(this IServiceCollection services)
    {
        services.AddSingleton<NotForgesWorkspaces>();
        services.AddScoped<OrphanPass>();
        services.AddHostedService<OrphanHost>();
        return services;
    }
}
