using System.Collections.Concurrent;
using Forge.Api.Regions;
using Microsoft.Extensions.Options;

namespace Forge.Api.DomainJoin;

/// <summary>
/// Where each region's domain-join credentials are: the ARN of a Secrets Manager secret, configured
/// per region (<see cref="RegionSettings.JoinCredentialsSecretArn"/>) or, in the local cloud, the one
/// <see cref="Workstation.WorkstationSetup"/> created at start. Only ARNs are held here, never values.
/// </summary>
public sealed class JoinCredentials(IOptions<RegionOptions> regions)
{
    private readonly ConcurrentDictionary<string, string> _created = new(StringComparer.Ordinal);

    public string? ArnFor(string region) =>
        regions.Value.Available.GetValueOrDefault(region)?.JoinCredentialsSecretArn is { Length: > 0 } configured
            ? configured
            : _created.GetValueOrDefault(region);

    internal void Created(string region, string arn) => _created[region] = arn;
}
