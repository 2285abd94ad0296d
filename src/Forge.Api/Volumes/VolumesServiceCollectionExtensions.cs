using Forge.Api.Jobs;
using Forge.Api.Regions;
using Forge.Api.Workspaces;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Forge.Api.Volumes;

public static class VolumesServiceCollectionExtensions
{
    /// <summary>
    /// User volumes, the workstation command runner the user-data steps share, the volume region lookup
    /// (replacing the regions default; call after AddRegions) and the mount step (call after AddWorkspaces,
    /// before AddDotfiles and AddSecrets: pipeline steps run in the order they are added).
    /// </summary>
    public static IServiceCollection AddVolumes(this IServiceCollection services)
    {
        services.AddOptions<VolumeOptions>().BindConfiguration(VolumeOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<VolumeOptions>, VolumeOptionsDefaults>();
        services.AddSingleton<IValidateOptions<VolumeOptions>, VolumeOptionsValidator>();
        services.AddSingleton<WorkstationCommandRunner>();
        services.AddScoped<UserVolumeProvisioner>();
        services.AddScoped<UserVolumeSteps>();
        services.AddScoped<UserDataLifecycle>();
        services.AddScoped<IWorkstationLifecycleWork, UserDataLifecycleWork>();
        services.AddScoped<IJobHandler, UserDataJob>();
        // After the hardening steps (AddWorkspaces): mount the volume, then the dotfile and secret steps follow.
        services.AddWorkstationStep<MountUserVolumeStep>();
        services.Replace(ServiceDescriptor.Scoped<IUserVolumeRegions, UserVolumeRegions>());
        return services;
    }
}
