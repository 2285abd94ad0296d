using System.Globalization;

namespace Forge.Api.Portal.Components.Parts;

/// <summary>How the portal writes the API's figures: durations in seconds to a tenth, ratios as percentages to a tenth.</summary>
public static class Figures
{
    public static string Seconds(double? seconds) => seconds is { } s ? s.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "—";

    public static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "—";

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);
}
