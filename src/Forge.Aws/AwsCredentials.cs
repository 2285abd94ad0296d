using Amazon.Runtime;
using Amazon.Runtime.Credentials;

namespace Forge.Aws;

/// <summary>One set of credentials as used to sign a request. Never logged.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    /// <summary>Hides the secret parts so a record printed by mistake leaks nothing.</summary>
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}

/// <summary>Where Forge gets the credentials it signs with.</summary>
public interface IAwsCredentialsSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}

/// <summary>Fixed credentials: the local cloud's, or explicitly configured keys.</summary>
public sealed class StaticCredentialsSource(AwsCredentials credentials) : IAwsCredentialsSource
{
    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(credentials);
}

/// <summary>
/// AWSSDK.Core's default credential chain: environment, shared profile (including SSO),
/// web identity, ECS container and EC2 instance metadata. The SDK caches and refreshes
/// temporary credentials itself.
/// </summary>
public sealed class SdkDefaultCredentialsSource : IAwsCredentialsSource
{
    private readonly Lazy<AWSCredentials> _chain = new(() => DefaultAWSCredentialsIdentityResolver.GetCredentials());

    public async ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken)
    {
        var immutable = await _chain.Value.GetCredentialsAsync().ConfigureAwait(false);
        return new AwsCredentials(immutable.AccessKey, immutable.SecretKey, immutable.UseToken ? immutable.Token : null);
    }

    /// <summary>The same chain as an SDK object, for the SSM client that comes from AWSSDK.</summary>
    internal AWSCredentials SdkCredentials => _chain.Value;
}
