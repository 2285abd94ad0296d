using System.Security.Cryptography;
using System.Text;
using Forge.Aws.Ssm;

namespace Forge.Api.Secrets;

/// <summary>Who a workstation belongs to, as far as secrets are concerned.</summary>
public sealed record SecretOwner(string UserId, IReadOnlyList<string> Teams, IReadOnlyList<string> Roles);

/// <summary>A secret Secrets Manager lists with Forge's tags: no value, only where it is and who it is for.</summary>
public sealed record DiscoveredSecret(string Arn, string Name, string Scope, string EnvironmentName, string? CurrentVersionId);

/// <summary>A secret the owner receives, as the variable <see cref="EnvironmentName"/>.</summary>
public sealed record PlannedSecret(string EnvironmentName, string Arn, string SecretName, string Scope, string? CurrentVersionId);

/// <summary>A secret of the owner's scopes that is not injected because its variable name breaks <see cref="EnvironmentVariableName"/>.</summary>
public sealed record RefusedSecret(DiscoveredSecret Secret, string Reason);

/// <summary>
/// What a workstation receives: one secret per variable name, <see cref="References"/> as
/// Forge-InjectEnvironment takes them, and a <see cref="Fingerprint"/> of names, ARNs and current
/// versions that changes exactly when a re-injection is needed. <see cref="Shadowed"/>: lost name
/// clashes. <see cref="Refused"/>: the owner's secrets whose names the shared rule refuses, left out so
/// they never block the others.
/// </summary>
public sealed record SecretPlan(IReadOnlyList<PlannedSecret> Secrets, IReadOnlyList<DiscoveredSecret> Shadowed, IReadOnlyList<RefusedSecret> Refused)
{
    public IReadOnlyList<string> References => [.. Secrets.Select(s => $"{s.EnvironmentName}={s.Arn}")];

    public string Fingerprint => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
        string.Join('\n', Secrets.Select(s => $"{s.EnvironmentName}={s.Arn}@{s.CurrentVersionId}")))));
}

/// <summary>
/// Chooses a workstation's secrets: a pure function of the owner's identity and the tagged secrets.
/// A secret applies when its scope names the owner (<c>user:</c>), one of their teams (<c>team:</c>)
/// or one of their roles (<c>role:</c>); on a variable name clash the user's beats the team's beats
/// the role's, and within one level the secret name sorting first wins (so the choice is stable). A
/// name <see cref="EnvironmentVariableName"/> refuses is left out and reported, never sent: the
/// document would refuse the whole command, and with it every other secret of the workstation.
/// </summary>
public static class SecretScopePlanner
{
    public static SecretPlan Plan(SecretOwner owner, IEnumerable<DiscoveredSecret> secrets)
    {
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(secrets);
        var owned = new List<(DiscoveredSecret Secret, int Rank)>();
        var refused = new List<RefusedSecret>();
        foreach (var secret in secrets)
        {
            if (Rank(owner, secret.Scope) is not { } rank)
            {
                continue;
            }

            if (EnvironmentVariableName.IsAllowed(secret.EnvironmentName, out var reason))
            {
                owned.Add((secret, rank));
            }
            else
            {
                refused.Add(new RefusedSecret(secret, reason));
            }
        }

        var applicable = owned
            .OrderBy(s => s.Secret.EnvironmentName, StringComparer.Ordinal).ThenBy(s => s.Rank).ThenBy(s => s.Secret.Name, StringComparer.Ordinal)
            .ToList();
        var chosen = new List<PlannedSecret>();
        var shadowed = new List<DiscoveredSecret>();
        foreach (var group in applicable.GroupBy(s => s.Secret.EnvironmentName, StringComparer.Ordinal))
        {
            var winner = group.First().Secret;
            chosen.Add(new PlannedSecret(winner.EnvironmentName, winner.Arn, winner.Name, winner.Scope, winner.CurrentVersionId));
            shadowed.AddRange(group.Skip(1).Select(s => s.Secret));
        }

        return new SecretPlan(chosen, shadowed,
            [.. refused.OrderBy(r => r.Secret.EnvironmentName, StringComparer.Ordinal).ThenBy(r => r.Secret.Name, StringComparer.Ordinal)]);
    }

    /// <summary>0 for the owner's own, 1 for a team's, 2 for a role's; null when the scope is not the owner's.</summary>
    public static int? Rank(SecretOwner owner, string scope)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var split = scope?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (split <= 0)
        {
            return null;
        }

        var (kind, value) = (scope![..split], scope[(split + 1)..]);
        return kind switch
        {
            "user" when value == owner.UserId => 0,
            "team" when owner.Teams.Contains(value, StringComparer.Ordinal) => 1,
            "role" when owner.Roles.Contains(value, StringComparer.Ordinal) => 2,
            _ => null,
        };
    }
}
