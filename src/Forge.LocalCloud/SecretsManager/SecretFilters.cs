using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.SecretsManager;

/// <summary>
/// The Filters of ListSecrets and BatchGetSecretValue: filters are ANDed, the values of one filter
/// ORed, and a value starting with <c>!</c> excludes what it would have matched.
/// </summary>
internal sealed partial class SecretFilters
{
    private static readonly HashSet<string> Keys = new(StringComparer.Ordinal)
    {
        "description", "name", "tag-key", "tag-value", "primary-region", "owning-service", "all",
    };

    private readonly List<(string Key, List<string> Values)> _filters;

    private SecretFilters(List<(string Key, List<string> Values)> filters) => _filters = filters;

    public static SecretFilters Parse(JsonInput request)
    {
        var filters = request.Structures("Filters");
        if (filters.Count > 10)
        {
            throw request.Invalid("1 validation error detected: Value at 'filters' failed to satisfy constraint: Member must have length less than or equal to 10");
        }

        var parsed = new List<(string, List<string>)>();
        foreach (var filter in filters)
        {
            var key = filter.String("Key");
            if (key is null || !Keys.Contains(key))
            {
                throw new LocalCloudException("InvalidParameterException",
                    $"Invalid filter key '{key}'. Valid keys: {string.Join(", ", Keys)}.");
            }

            var values = filter.Strings("Values", 1, 10)
                ?? throw new LocalCloudException("InvalidParameterException", $"The filter '{key}' needs at least one value.");
            if (values.Any(v => v.Length > 512 || !ValuePattern().IsMatch(v)))
            {
                throw new LocalCloudException("InvalidParameterException", $"A value of the filter '{key}' is not valid.");
            }

            parsed.Add((key, values));
        }

        return new SecretFilters(parsed);
    }

    public bool Matches(SecretRecord secret) => _filters.All(f => Matches(secret, f.Key, f.Values));

    private static bool Matches(SecretRecord secret, string key, List<string> values)
    {
        var positive = values.Where(v => !v.StartsWith('!')).ToList();
        var negative = values.Where(v => v.StartsWith('!')).Select(v => v[1..]).ToList();
        return (positive.Count == 0 || positive.Any(v => Matches(secret, key, v)))
            && !negative.Any(v => Matches(secret, key, v));
    }

    private static bool Matches(SecretRecord secret, string key, string value) => key switch
    {
        "name" => secret.Name.StartsWith(value, StringComparison.Ordinal),
        "description" => secret.Description?.StartsWith(value, StringComparison.OrdinalIgnoreCase) == true,
        "tag-key" => secret.Tags.Any(t => t.Key.StartsWith(value, StringComparison.Ordinal)),
        "tag-value" => secret.Tags.Any(t => t.Value.StartsWith(value, StringComparison.Ordinal)),
        // Secrets here are never replicated nor owned by another service.
        "primary-region" or "owning-service" => false,
        _ => MatchesAll(secret, value),
    };

    /// <summary><c>all</c>: every word of the value must begin some word of some attribute, ignoring case.</summary>
    private static bool MatchesAll(SecretRecord secret, string value)
    {
        var attributes = new[] { secret.Name, secret.Description ?? "" }
            .Concat(secret.Tags.SelectMany(t => new[] { t.Key, t.Value }))
            .SelectMany(a => Words().Split(a).Append(a))
            .Where(w => w.Length > 0)
            .ToList();
        return value.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .All(word => attributes.Any(a => a.StartsWith(word, StringComparison.OrdinalIgnoreCase)));
    }

    [GeneratedRegex(@"^!?[a-zA-Z0-9 :_@/+=.\-!]*$")]
    private static partial Regex ValuePattern();

    [GeneratedRegex(@"[^a-zA-Z0-9]+")]
    private static partial Regex Words();
}
