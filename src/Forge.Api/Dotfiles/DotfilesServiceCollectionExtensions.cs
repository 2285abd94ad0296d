using Forge.Api.Workstation;
using Microsoft.Extensions.Options;

namespace Forge.Api.Dotfiles;

public static class DotfilesServiceCollectionExtensions
{
    public static IServiceCollection AddDotfiles(this IServiceCollection services)
    {
        services.AddOptions<DotfileOptions>().BindConfiguration(DotfileOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<DotfileOptions>, DotfileOptionsValidator>();
        services.AddScoped<DotfileSync>();
        services.AddWorkstationStep<ApplyDotfilesStep>();
        services.AddWorkstationStep<PersistDotfilesStep>();
        services.AddHostedService<DotfileSyncHost>();
        return services;
    }
}
