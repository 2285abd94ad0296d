using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

public static class FsxServiceCollectionExtensions
{
    /// <summary>Adds the emulated FSx for ONTAP volumes and the <see cref="FsxVolumeStore"/> holding them.</summary>
    public static IServiceCollection AddLocalFsx(this IServiceCollection services)
    {
        services.AddSingleton<FsxVolumeStore>();
        services.AddSingleton<FsxLocalService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<FsxLocalService>());
        return services;
    }
}
