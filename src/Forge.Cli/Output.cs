using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Forge.Cli;

/// <summary>How reads print: a table for people, or the API's JSON (<c>--output json</c>) for programs.</summary>
public static class Output
{
    public const string Table = "table";
    public const string Json = "json";

    public static async Task WriteJsonAsync(CliContext context, object value)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.Out.WriteLineAsync(JsonSerializer.Serialize(value, CliJson.Indented));
    }

    /// <summary>A table with a header row and no borders, as wide as its widest cells: easy to read and to grep.</summary>
    public static Spectre.Console.Table NewTable(params string[] headers)
    {
        var table = new Spectre.Console.Table().Border(TableBorder.None).ShowHeaders();
        foreach (var header in headers)
        {
            table.AddColumn(new TableColumn(new Text(header)).NoWrap().PadLeft(0).PadRight(2));
        }

        return table;
    }

    /// <summary>Adds a row of plain text (never markup: names and errors are shown as they are).</summary>
    public static void Row(this Spectre.Console.Table table, params string?[] cells)
    {
        ArgumentNullException.ThrowIfNull(table);
        table.AddRow([.. cells.Select(c => (IRenderable)new Text(c ?? "-"))]);
    }

    public static void Write(CliContext context, IRenderable renderable)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Console.Write(renderable);
    }

    public static string Time(DateTimeOffset? time) =>
        time?.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";

    /// <summary>A duration as people read it: <c>45s</c>, <c>3m07s</c>, <c>1h02m</c>.</summary>
    public static string Duration(TimeSpan duration)
    {
        var d = duration < TimeSpan.Zero ? TimeSpan.Zero : duration;
        return d.TotalHours >= 1 ? $"{(int)d.TotalHours}h{d.Minutes:00}m"
            : d.TotalMinutes >= 1 ? $"{(int)d.TotalMinutes}m{d.Seconds:00}s"
            : $"{d.Seconds}s";
    }
}
