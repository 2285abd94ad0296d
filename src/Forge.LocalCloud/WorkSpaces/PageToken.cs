using System.Globalization;
using System.Text;

namespace Forge.LocalCloud.WorkSpaces;

/// <summary>
/// Opaque NextToken values: a position in an ordered listing, tagged with the listing it belongs to,
/// base64-encoded so callers do not build them. A token from another listing or a forged one is refused.
/// </summary>
internal static class PageToken
{
    public static string Encode(string listing, long position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{listing}:{position.ToString(CultureInfo.InvariantCulture)}"));

    /// <summary>The position after which the next page starts; -1 (from the start) for a null token.</summary>
    public static long Decode(string listing, string? token)
    {
        if (token is null)
        {
            return -1;
        }

        try
        {
            var text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            var colon = text.LastIndexOf(':');
            if (colon > 0 && text[..colon] == listing
                && long.TryParse(text[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                return position;
            }
        }
        catch (FormatException)
        {
            // Falls through to the same answer as any other token the service did not issue.
        }

        throw WorkSpacesInput.Invalid("The NextToken is not valid.");
    }
}
