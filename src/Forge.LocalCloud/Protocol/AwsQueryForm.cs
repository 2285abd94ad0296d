using System.Text;

namespace Forge.LocalCloud.Protocol;

/// <summary>Parses an awsQuery form body into its flat parameters (<c>Name.member.1</c> stays one key).</summary>
public static class AwsQueryForm
{
    public static IReadOnlyDictionary<string, string> Parse(byte[] body)
    {
        ArgumentNullException.ThrowIfNull(body);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in Encoding.UTF8.GetString(body).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Decode(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "" : Decode(pair[(equals + 1)..]);
            result[key] = value;
        }

        return result;
    }

    /// <summary>Collects a list flattened as <c>{prefix}.member.N</c> (1-based) or with a custom member name.</summary>
    public static IReadOnlyList<string> List(IReadOnlyDictionary<string, string> parameters, string prefix, string member = "member")
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var items = new List<string>();
        for (var index = 1; parameters.TryGetValue($"{prefix}.{member}.{index}", out var value); index++)
        {
            items.Add(value);
        }

        return items;
    }

    /// <summary>Distinct indexes N present under <c>{prefix}.N.</c>, in order: the entries of a list of structures.</summary>
    public static IReadOnlyList<int> Indexes(IReadOnlyDictionary<string, string> parameters, string prefix)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var indexes = new List<int>();
        for (var index = 1; parameters.Keys.Any(k => k.StartsWith($"{prefix}.{index}.", StringComparison.Ordinal) || k == $"{prefix}.{index}"); index++)
        {
            indexes.Add(index);
        }

        return indexes;
    }

    private static string Decode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));
}
