using Microsoft.Extensions.Options;

namespace Forge.Api.Pools;

public static class PoolsServiceCollectionExtensions
{
    /// <summary>Warm pools: so far the identities their workstations are built for (options checked at start).</summary>
    public static IServiceCollection AddPools(this IServiceCollection services)
    {
        services.AddOptions<PoolIdentityOptions>().BindConfiguration(PoolIdentityOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<PoolIdentityOptions>, PoolIdentityOptionsValidator>();
        services.AddSingleton<PoolIdentityDirectory>();
        return services;
    }
}
