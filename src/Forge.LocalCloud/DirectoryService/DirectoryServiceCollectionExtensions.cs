using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.DirectoryService;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>Adds the emulated Directory Service with each region's seeded directory.</summary>
    public static IServiceCollection AddLocalDirectoryService(this IServiceCollection services)
    {
        services.AddSingleton<DirectoryServiceLocalService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<DirectoryServiceLocalService>());
        return services;
    }
}
