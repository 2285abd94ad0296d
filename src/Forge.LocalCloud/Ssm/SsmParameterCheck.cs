using System.Text.RegularExpressions;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Ssm;

/// <summary>Checks SendCommand's Parameters against what the document declares, as SSM does (InvalidParameters).</summary>
internal static class SsmParameterCheck
{
    /// <summary>Returns the parameters with the document's defaults filled in for those not given.</summary>
    public static Dictionary<string, IReadOnlyList<string>> Resolve(IReadOnlyList<SsmDocumentParameter> declared,
        IReadOnlyDictionary<string, IReadOnlyList<string>> given)
    {
        var byName = declared.ToDictionary(p => p.Name, StringComparer.Ordinal);
        var unknown = given.Keys.Where(k => !byName.ContainsKey(k)).ToList();
        if (unknown.Count > 0)
        {
            // Names only: parameter values may be sensitive.
            throw new LocalCloudException("InvalidParameters",
                $"Parameters [{string.Join(", ", unknown)}] are not defined in the document.");
        }

        var effective = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var parameter in declared)
        {
            if (given.TryGetValue(parameter.Name, out var values))
            {
                Check(parameter, values);
                effective[parameter.Name] = values;
            }
            else if (parameter.Required)
            {
                throw new LocalCloudException("InvalidParameters", $"Parameter \"{parameter.Name}\" is required but was not provided.");
            }
            else
            {
                effective[parameter.Name] = [parameter.DefaultValue ?? ""];
            }
        }

        return effective;
    }

    private static void Check(SsmDocumentParameter parameter, IReadOnlyList<string> values)
    {
        if (parameter.Type == "String" && values.Count != 1)
        {
            throw new LocalCloudException("InvalidParameters", $"Parameter \"{parameter.Name}\" takes exactly one value.");
        }

        if (parameter.AllowedValues.Count > 0 && values.Any(v => !parameter.AllowedValues.Contains(v)))
        {
            throw new LocalCloudException("InvalidParameters", $"Parameter \"{parameter.Name}\" has a value that is not allowed.");
        }

        if (parameter.AllowedPattern is { } pattern
            && values.Any(v => !Regex.IsMatch(v, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))))
        {
            throw new LocalCloudException("InvalidParameters", $"Parameter \"{parameter.Name}\" fails to match pattern {pattern}.");
        }
    }
}
