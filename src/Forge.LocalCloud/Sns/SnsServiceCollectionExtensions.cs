using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Sns;

public static class SnsServiceCollectionExtensions
{
    /// <summary>Registers the emulated SNS (Publish over awsQuery) and its <see cref="SnsMessageStore"/>.</summary>
    public static IServiceCollection AddLocalSns(this IServiceCollection services)
    {
        services.AddSingleton<SnsMessageStore>();
        services.AddSingleton<FifoSequencer>();
        services.AddSingleton<LocalSnsService>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<LocalSnsService>());
        return services;
    }
}
