namespace Forge.Aws.CloudWatch;

/// <summary>Values of the model's <c>StandardUnit</c> enum; strings because AWS may add more.</summary>
public static class StandardUnit
{
    public const string Seconds = "Seconds";
    public const string Microseconds = "Microseconds";
    public const string Milliseconds = "Milliseconds";
    public const string Bytes = "Bytes";
    public const string Kilobytes = "Kilobytes";
    public const string Megabytes = "Megabytes";
    public const string Gigabytes = "Gigabytes";
    public const string Terabytes = "Terabytes";
    public const string Bits = "Bits";
    public const string Kilobits = "Kilobits";
    public const string Megabits = "Megabits";
    public const string Gigabits = "Gigabits";
    public const string Terabits = "Terabits";
    public const string Percent = "Percent";
    public const string Count = "Count";
    public const string BytesSecond = "Bytes/Second";
    public const string KilobytesSecond = "Kilobytes/Second";
    public const string MegabytesSecond = "Megabytes/Second";
    public const string GigabytesSecond = "Gigabytes/Second";
    public const string TerabytesSecond = "Terabytes/Second";
    public const string BitsSecond = "Bits/Second";
    public const string KilobitsSecond = "Kilobits/Second";
    public const string MegabitsSecond = "Megabits/Second";
    public const string GigabitsSecond = "Gigabits/Second";
    public const string TerabitsSecond = "Terabits/Second";
    public const string CountSecond = "Count/Second";
    public const string None = "None";

    /// <summary>Every value, in the model's order.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        Seconds, Microseconds, Milliseconds, Bytes, Kilobytes, Megabytes, Gigabytes, Terabytes, Bits, Kilobits,
        Megabits, Gigabits, Terabits, Percent, Count, BytesSecond, KilobytesSecond, MegabytesSecond, GigabytesSecond,
        TerabytesSecond, BitsSecond, KilobitsSecond, MegabitsSecond, GigabitsSecond, TerabitsSecond, CountSecond, None,
    ];
}
