using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

public static class SecretsManagerServiceCollectionExtensions
{
    /// <summary>Registers the local Secrets Manager and its <see cref="SecretStore"/>.</summary>
    public static IServiceCollection AddLocalSecretsManager(this IServiceCollection services)
    {
        services.AddSingleton<SecretStore>();
        services.AddSingleton<LocalSecretsManager>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<LocalSecretsManager>());
        return services;
    }
}
