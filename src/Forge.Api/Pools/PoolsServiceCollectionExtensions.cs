using Forge.Api.Jobs;
using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

public static class PoolsServiceCollectionExtensions
{
    /// <summary>Warm pools: their configuration (checked at start), the claim, one actor per pool, and the identities members are built for.</summary>
    public static IServiceCollection AddPools(this IServiceCollection services)
    {
        services.AddOptions<PoolSettings>().Configure<IConfiguration>((o, c) => o.Load(c.GetSection(PoolSettings.SectionName))).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PoolSettings>, PoolSettingsValidator>();
        services.AddOptions<PoolIdentityOptions>().BindConfiguration(PoolIdentityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PoolIdentityOptions>, PoolIdentityOptionsValidator>();
        services.AddSingleton<PoolIdentityDirectory>();
        services.AddSingleton<PoolCatalog>();
        services.AddScoped<PoolClaims>();
        services.AddScoped<IJobHandler, PoolReconciler>();
        services.AddHostedService<PoolsHost>();
        return services;
    }
}
