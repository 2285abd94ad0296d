using Amazon.Runtime;

namespace Forge.Aws.Ssm;

/// <summary>
/// Hands the AWS SDK Forge's own <see cref="HttpClient"/> (the transport's, over Forge's handler chain)
/// instead of one the SDK builds and caches itself, so SSM requests pass the same handlers as every
/// other AWS request. Forge owns the client: the SDK neither caches nor disposes it.
/// </summary>
internal sealed class ForgeHttpClientFactory(HttpClient httpClient) : HttpClientFactory
{
    public override HttpClient CreateHttpClient(IClientConfig clientConfig) => httpClient;

    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;
}
