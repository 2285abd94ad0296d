using Forge.Api.Regions;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

public static class VolumesServiceCollectionExtensions
{
    /// <summary>User volumes, the workstation command runner the user-data steps share, and the volume region lookup (replacing the regions default; call after AddRegions).</summary>
    public static IServiceCollection AddVolumes(this IServiceCollection services)
    {
        services.AddOptions<VolumeOptions>().BindConfiguration(VolumeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<VolumeOptions>, VolumeOptionsDefaults>();
        services.AddSingleton<IValidateOptions<VolumeOptions>, VolumeOptionsValidator>();
        services.AddSingleton<WorkstationCommandRunner>();
        services.AddScoped<UserVolumeProvisioner>();
        services.AddScoped<UserVolumeSteps>();
        services.AddScoped<UserDataLifecycle>();
        services.Replace(ServiceDescriptor.Scoped<IUserVolumeRegions, UserVolumeRegions>());
        return services;
    }
}
