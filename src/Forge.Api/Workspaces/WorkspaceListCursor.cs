using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace Forge.Api.Workspaces;

/// <summary>
/// A position in the newest-first workspace list: the (RequestedAt, Id) of the last item of a page,
/// opaque to clients (base64url).
/// </summary>
public sealed record WorkspaceListCursor(DateTimeOffset RequestedAt, Guid Id)
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    public override string ToString() =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
            $"{RequestedAt.UtcTicks.ToString(CultureInfo.InvariantCulture)}:{Id:N}"));

    /// <summary>The page size a <c>limit</c> query value asks for: absent is the default; anything but digits for 1..MaxLimit is invalid.</summary>
    public static bool TryParseLimit(string? value, out int limit)
    {
        limit = DefaultLimit;
        return value is null
            || (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out limit) && limit is >= 1 and <= MaxLimit);
    }

    public static bool TryParse(string value, out WorkspaceListCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(value)).Split(':');
            if (parts.Length == 2
                && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
                && ticks is >= 0 and <= 3155378975999999999
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new WorkspaceListCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
                return true;
            }
        }
        catch (FormatException)
        {
            // Not base64url: not a cursor this API made.
        }

        return false;
    }
}
