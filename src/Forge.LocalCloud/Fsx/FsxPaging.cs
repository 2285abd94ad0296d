using System.Text;
using Forge.LocalCloud.Protocol;

namespace Forge.LocalCloud.Fsx;

/// <summary>
/// Opaque NextTokens: base64 (as the model's pattern demands) of the last id returned. Pages continue
/// after that id in id order, so deleting or adding resources between pages never repeats or skips one.
/// </summary>
internal static class FsxPaging
{
    private const string Prefix = "forge-fsx-v1|";

    public static (List<T> Page, string? NextToken) Page<T>(IEnumerable<T> items, Func<T, string> id, string? nextToken, int pageSize)
    {
        var after = nextToken is null ? null : Decode(nextToken);
        var ordered = items.OrderBy(id, StringComparer.Ordinal)
            .Where(item => after is null || string.CompareOrdinal(id(item), after) > 0)
            .Take(pageSize + 1)
            .ToList();
        if (ordered.Count <= pageSize)
        {
            return (ordered, null);
        }

        var page = ordered.GetRange(0, pageSize);
        return (page, Convert.ToBase64String(Encoding.UTF8.GetBytes(Prefix + id(page[^1]))));
    }

    private static string Decode(string token)
    {
        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (text.StartsWith(Prefix, StringComparison.Ordinal))
            {
                return text[Prefix.Length..];
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as a token of the wrong shape.
        }

        throw new LocalCloudException(Aws.Fsx.FsxErrorCodes.BadRequest, "The NextToken is invalid.");
    }
}
