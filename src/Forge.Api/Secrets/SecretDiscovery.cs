using Forge.Aws.SecretsManager;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>
/// Finds the secrets Forge injects: ListSecrets filtered on the scope tag key, reading the scope and
/// variable name from the tags and the AWSCURRENT version id from the version stages. Lists only:
/// Forge never reads a secret's value (the workstation resolves the ARN itself). Names the shared rule
/// refuses are reported to <see cref="SecretRefusalLog"/>; the planner leaves them out.
/// </summary>
public sealed class SecretDiscovery(SecretsManagerClient secrets, SecretRefusalLog refusals, IOptions<SecretOptions> options)
{
    public async Task<List<DiscoveredSecret>> DiscoverAsync(string region, CancellationToken cancellationToken)
    {
        var (scopeKey, envKey) = (options.Value.ScopeTagKey, options.Value.EnvironmentTagKey);
        var request = new ListSecretsRequest
        {
            Filters = [new Filter { Key = FilterNameStringType.TagKey, Values = [scopeKey] }],
            MaxResults = 100,
        };
        var found = new List<DiscoveredSecret>();
        await foreach (var entry in secrets.ListAllSecretsAsync(request, region, cancellationToken))
        {
            var scope = entry.Tags?.FirstOrDefault(t => t.Key == scopeKey)?.Value;
            var name = entry.Tags?.FirstOrDefault(t => t.Key == envKey)?.Value;
            if (scope is null || name is null || entry.ARN is null || entry.DeletedDate is not null)
            {
                continue;
            }

            var current = entry.SecretVersionsToStages?.FirstOrDefault(v => v.Value.Contains(SecretVersionStages.Current)).Key;
            found.Add(new DiscoveredSecret(entry.ARN, entry.Name ?? entry.ARN, scope, name, current));
        }

        refusals.Saw(region, found);
        return found;
    }
}
