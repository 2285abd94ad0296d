using Forge.Api.Workspaces;
using Forge.Aws;

namespace Forge.Api.Cloud;

public static class CloudServiceCollectionExtensions
{
    /// <summary>Forge's AWS clients, the cloud adapters the capabilities use, and the embedded local cloud when enabled.</summary>
    public static IServiceCollection AddForgeCloud(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddForgeAws(configuration);
        services.AddOptions<EmbeddedLocalCloudOptions>().BindConfiguration(EmbeddedLocalCloudOptions.SectionName)
            .Validate(o => o.TimeScale > 0, "EmbeddedLocalCloud:TimeScale must be positive.").ValidateOnStart();
        services.AddSingleton<EmbeddedLocalCloud>();
        services.AddHostedService(sp => sp.GetRequiredService<EmbeddedLocalCloud>()); // its clock is the lifecycle's in local mode
        services.AddSingleton<IWorkspaceCloud, AwsWorkspaceCloud>();
        return services;
    }
}
