using Forge.Api.Regions;
using Forge.Api.Workstation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

public static class VolumesServiceCollectionExtensions
{
    /// <summary>User volumes, the volume region lookup (replacing the regions default; call after AddRegions), and the mount and unmount steps.</summary>
    public static IServiceCollection AddVolumes(this IServiceCollection services)
    {
        services.AddOptions<VolumeOptions>().BindConfiguration(VolumeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<VolumeOptions>, VolumeOptionsDefaults>();
        services.AddSingleton<IValidateOptions<VolumeOptions>, VolumeOptionsValidator>();
        services.AddScoped<UserVolumeProvisioner>();
        services.AddWorkstationStep<MountUserVolumeStep>();
        services.AddWorkstationStep<UnmountUserVolumeStep>();
        services.Replace(ServiceDescriptor.Scoped<IUserVolumeRegions, UserVolumeRegions>());
        return services;
    }
}
