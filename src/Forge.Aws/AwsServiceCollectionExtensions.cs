using Forge.Aws.Protocols;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Forge.Aws;

public static class AwsServiceCollectionExtensions
{
    /// <summary>Registers Forge's AWS clients, configured from the <c>Aws</c> section.</summary>
    public static IServiceCollection AddForgeAws(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AwsOptions>()
            .Bind(configuration.GetSection(AwsOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<AwsOptions>>().Value);
        services.AddSingleton(sp => AwsClientFactory.CredentialsFor(sp.GetRequiredService<AwsOptions>()));
        services.AddSingleton(sp => new AwsEndpoints(sp.GetRequiredService<AwsOptions>().ServiceUrl));
        services.AddSingleton(sp => new AwsResiliencePipelines(sp.GetRequiredService<AwsOptions>().Resilience,
            sp.GetService<TimeProvider>() ?? TimeProvider.System, sp.GetService<ILoggerFactory>()));
        services.AddHttpClient(nameof(AwsTransport), http => http.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton(sp => new AwsTransport(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(AwsTransport)),
            sp.GetRequiredService<IAwsCredentialsSource>(),
            sp.GetRequiredService<AwsEndpoints>(),
            sp.GetRequiredService<AwsResiliencePipelines>(),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<AwsClientFactory>();
        services.AddSingleton<Fsx.FsxClient>();
        services.AddSingleton<DirectoryService.DirectoryServiceClient>();
        services.AddSingleton<DirectoryServiceData.DirectoryServiceDataClient>();
        services.AddSingleton<SecretsManager.SecretsManagerClient>();
        services.AddSingleton<Ssm.SsmClient>();
        services.AddSingleton<WorkSpaces.WorkSpacesClient>();
        services.AddSingleton<CloudWatch.CloudWatchClient>();
        services.AddSingleton<Sns.SnsClient>();
        return services;
    }
}
