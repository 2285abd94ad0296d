using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Forge.Api.Lifecycle;

/// <summary>Owners' time zones (IANA ids) and instants as a notice states them in one.</summary>
public static class LifecycleTimeZones
{
    public static bool TryFind(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone)
    {
        zone = null;
        if (string.IsNullOrWhiteSpace(id))
        {
            return false;
        }

        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (TimeZoneNotFoundException)
        {
            return false;
        }
        catch (InvalidTimeZoneException)
        {
            return false;
        }
    }

    /// <summary>
    /// The exact instant in the owner's zone with its offset and the UTC instant, so no reader can take it
    /// wrongly: <c>2026-04-01 12:00 (UTC+02:00, Europe/Berlin; 2026-04-01 10:00 UTC)</c>.
    /// </summary>
    public static string Format(DateTimeOffset instant, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        var utc = instant.ToUniversalTime();
        return zone.Id == "UTC" || zone.Id == "Etc/UTC"
            ? utc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture,
                $"{local:yyyy-MM-dd HH:mm} (UTC{local:zzz}, {zone.Id}; {utc:yyyy-MM-dd HH:mm} UTC)");
    }
}
