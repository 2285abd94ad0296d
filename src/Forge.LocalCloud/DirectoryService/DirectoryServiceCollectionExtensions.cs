using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.DirectoryService;

public static class DirectoryServiceCollectionExtensions
{
    /// <summary>Adds the emulated Directory Service and Directory Service Data over each region's seeded directory.</summary>
    public static IServiceCollection AddLocalDirectoryService(this IServiceCollection services)
    {
        services.AddSingleton<DirectoryServiceData.LocalDirectories>();
        services.AddSingleton<DirectoryServiceData.DirectoryDataLocalService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<DirectoryServiceData.DirectoryDataLocalService>());
        services.AddSingleton<DirectoryServiceLocalService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<DirectoryServiceLocalService>());
        return services;
    }
}
