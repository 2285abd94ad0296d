using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.WorkSpaces;

public static class WorkSpacesServiceCollectionExtensions
{
    /// <summary>Adds the emulated Amazon WorkSpaces to the local cloud.</summary>
    public static IServiceCollection AddLocalWorkSpaces(this IServiceCollection services)
    {
        services.AddSingleton<WorkSpacesLocalService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<WorkSpacesLocalService>());
        return services;
    }
}
