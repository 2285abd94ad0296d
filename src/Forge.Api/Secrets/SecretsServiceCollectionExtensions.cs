using Forge.Api.Workstation;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

public static class SecretsServiceCollectionExtensions
{
    public static IServiceCollection AddSecrets(this IServiceCollection services)
    {
        services.AddOptions<SecretOptions>().BindConfiguration(SecretOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SecretOptions>, SecretOptionsValidator>();
        services.AddSingleton<SecretRefusalLog>();
        services.AddScoped<SecretDiscovery>();
        services.AddWorkstationStep<InjectSecretsStep>();
        services.AddHostedService<SecretRotationHost>();
        return services;
    }
}
