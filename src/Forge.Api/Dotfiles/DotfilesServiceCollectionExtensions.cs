using Forge.Api.Jobs;
using Forge.Api.Workspaces;
using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

public static class DotfilesServiceCollectionExtensions
{
    public static IServiceCollection AddDotfiles(this IServiceCollection services)
    {
        services.AddOptions<DotfileOptions>().BindConfiguration(DotfileOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DotfileOptions>, DotfileOptionsValidator>();
        services.AddScoped<DotfileSteps>();
        services.AddScoped<IJobHandler, DotfileSyncJob>();
        services.AddWorkstationStep<ApplyDotfilesStep>();
        services.AddHostedService<DotfileSyncHost>();
        return services;
    }
}
