using System.Globalization;
using System.Text;

namespace Forge.Api.Portal.Components.Parts;

/// <summary>One line of a <see cref="LineChart"/>: a value per bucket (null: nothing measured there), drawn with its own dash and marker.</summary>
public sealed record ChartLine(string Name, IReadOnlyList<double?> Values, string Dash, ChartMarker Marker, string Colour);

public enum ChartMarker
{
    Circle,
    Square,
    Diamond,
}

/// <summary>
/// Lays out a line chart over buckets as SVG coordinates: a value axis from 0 to a round maximum, one x position per bucket
/// (its middle), and each line's direct label at its last point, nudged apart so labels never overlap. Lines are told
/// apart by dash pattern, marker shape and label, never by colour alone. Pure: the component renders what this computes.
/// </summary>
public sealed class LineChart
{
    public const double Width = 760, Height = 300, Left = 64, Right = 110, Top = 16, Bottom = 56;
    private const double LabelGap = 14;
    private static readonly int[] RoundSteps = [1, 2, 5, 10];

    public LineChart(IReadOnlyList<ChartLine> lines, int buckets, double minimumMax)
    {
        ArgumentNullException.ThrowIfNull(lines);
        Lines = lines;
        Buckets = Math.Max(1, buckets);
        var highest = lines.SelectMany(l => l.Values).Max(v => v ?? 0);
        Max = RoundUp(Math.Max(highest, minimumMax));
    }

    public IReadOnlyList<ChartLine> Lines { get; }

    public int Buckets { get; }

    /// <summary>The top of the value axis.</summary>
    public double Max { get; }

    public static double PlotWidth => Width - Left - Right;

    public static double PlotHeight => Height - Top - Bottom;

    public double X(int bucket) => Left + (PlotWidth * (bucket + 0.5) / Buckets);

    public double Y(double value) => Top + PlotHeight - (PlotHeight * value / Max);

    /// <summary>Five evenly spaced values from 0 to <see cref="Max"/>, for the grid and the axis labels.</summary>
    public IEnumerable<double> Ticks() => Enumerable.Range(0, 5).Select(i => Max * i / 4);

    /// <summary>The buckets labelled on the time axis: about six, always the first and the last.</summary>
    public IEnumerable<int> LabelledBuckets()
    {
        var step = Math.Max(1, (int)Math.Ceiling(Buckets / 6.0));
        return Enumerable.Range(0, Buckets).Where(i => i % step == 0 || i == Buckets - 1).Distinct();
    }

    /// <summary>Each stretch of consecutive measured buckets as SVG polyline points; a gap in the data is a gap in the line.</summary>
    public IEnumerable<string> Segments(ChartLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var points = new StringBuilder();
        for (var i = 0; i < line.Values.Count; i++)
        {
            if (line.Values[i] is { } value)
            {
                points.Append(Point(i, value)).Append(' ');
            }
            else if (points.Length > 0)
            {
                yield return points.ToString().TrimEnd();
                points.Clear();
            }
        }

        if (points.Length > 0)
        {
            yield return points.ToString().TrimEnd();
        }
    }

    /// <summary>The measured points of <paramref name="line"/>: bucket index and value.</summary>
    public static IEnumerable<(int Bucket, double Value)> Points(ChartLine line) =>
        (line ?? throw new ArgumentNullException(nameof(line))).Values.Select((v, i) => (i, v)).Where(p => p.v is not null).Select(p => (p.i, p.v!.Value));

    /// <summary>Where each line's label goes: right of the plot at its last point's height, nudged apart by at least a line of text.</summary>
    public IReadOnlyList<(ChartLine Line, double Y)> Labels()
    {
        var placed = Lines.Select(l => (Line: l, Last: Points(l).Select(p => (double?)p.Value).LastOrDefault()))
            .Where(l => l.Last is not null).Select(l => (l.Line, Y: Y(l.Last!.Value))).OrderBy(l => l.Y).ToList();
        for (var i = 1; i < placed.Count; i++)
        {
            if (placed[i].Y - placed[i - 1].Y < LabelGap)
            {
                placed[i] = (placed[i].Line, placed[i - 1].Y + LabelGap);
            }
        }

        return placed;
    }

    public string Point(int bucket, double value) => $"{N(X(bucket))},{N(Y(value))}";

    public static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>1, 2 or 5 times a power of ten, at least <paramref name="value"/> (and at least 1).</summary>
    private static double RoundUp(double value)
    {
        if (value <= 1)
        {
            return 1;
        }

        var power = Math.Pow(10, Math.Floor(Math.Log10(value)));
        return RoundSteps.Select(m => m * power).First(m => m >= value);
    }
}
