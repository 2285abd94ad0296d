using Forge.Aws.Ssm;

namespace Forge.Api.Secrets;

/// <summary>
/// Logs each tagged secret whose variable name <see cref="EnvironmentVariableName"/> refuses once per
/// change (a new secret, or a new name on it), not on every pass that lists it again: a secret that
/// is fixed and later broken again is logged again. Names, scopes and reasons only, never a value.
/// Per process: each replica logs a refusal once.
/// </summary>
public sealed partial class SecretRefusalLog(ILogger<SecretRefusalLog> logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<(string Arn, string EnvironmentName)>> _logged = new(StringComparer.Ordinal);

    /// <summary>Called with everything one ListSecrets pass of <paramref name="region"/> found.</summary>
    public void Saw(string region, IReadOnlyList<DiscoveredSecret> discovered)
    {
        ArgumentNullException.ThrowIfNull(discovered);
        var refused = new HashSet<(string, string)>();
        lock (_gate)
        {
            var before = _logged.GetValueOrDefault(region) ?? [];
            foreach (var secret in discovered)
            {
                if (EnvironmentVariableName.IsAllowed(secret.EnvironmentName, out var reason))
                {
                    continue;
                }

                refused.Add((secret.Arn, secret.EnvironmentName));
                if (!before.Contains((secret.Arn, secret.EnvironmentName)))
                {
                    LogRefused(logger, secret.EnvironmentName, secret.Name, secret.Scope, reason);
                }
            }

            _logged[region] = refused;
        }
    }

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "Variable {EnvironmentName} of secret {SecretName} ({Scope}) is not injected: {Reason}")]
    private static partial void LogRefused(ILogger logger, string environmentName, string secretName, string scope, string reason);
}
