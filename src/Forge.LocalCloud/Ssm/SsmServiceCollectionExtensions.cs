using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Ssm;

public static class SsmServiceCollectionExtensions
{
    /// <summary>Registers the local SSM, its command runner and the handlers of the two AWS script documents.</summary>
    public static IServiceCollection AddLocalSsm(this IServiceCollection services)
    {
        services.AddOptions<LocalSsmOptions>().BindConfiguration(LocalSsmOptions.SectionName);
        services.AddSingleton<ScriptLog>();
        foreach (var document in AwsProvidedDocuments.Contents.Keys)
        {
            services.AddSingleton<IMachineDocumentHandler>(sp => new ScriptDocumentHandler(document, sp.GetRequiredService<ScriptLog>()));
        }

        services.AddSingleton<SsmCommandRunner>();
        services.AddSingleton<LocalSsm>();
        services.AddSingleton<ILocalService>(sp => sp.GetRequiredService<LocalSsm>());
        return services;
    }

    /// <summary>Plugs in what a document does on the fake machines.</summary>
    public static IServiceCollection AddMachineDocumentHandler<THandler>(this IServiceCollection services)
        where THandler : class, IMachineDocumentHandler
    {
        services.AddSingleton<IMachineDocumentHandler, THandler>();
        return services;
    }
}
