using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Forge.Cli.Tests;

/// <summary>
/// Compares output with <c>Golden/NAME.txt</c> after masking what differs between runs: ids, times, durations and
/// the cloud's generated ids, computer names, volume paths and addresses; trailing spaces are dropped. With <c>FORGE_UPDATE_GOLDEN=1</c> the
/// files are written instead (review the diff before committing them).
/// </summary>
public static partial class Golden
{
    public static void Match(string name, string actual, [CallerFilePath] string caller = "")
    {
        var path = Path.Combine(Path.GetDirectoryName(caller)!, "Golden", name + ".txt");
        var masked = Mask(actual);
        if (Environment.GetEnvironmentVariable("FORGE_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, masked);
            return;
        }

        Assert.True(File.Exists(path), $"No golden file {path}: run with FORGE_UPDATE_GOLDEN=1 to write it. Output:\n{masked}");
        Assert.Equal(File.ReadAllText(path).ReplaceLineEndings("\n"), masked);
    }

    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = IdPattern().Replace(text, "<id>");
        text = TimePattern().Replace(text, "<time>");
        text = ElapsedPattern().Replace(text, "${before}<elapsed>");
        text = CloudIdPattern().Replace(text, "<ws-id>");
        text = AddressPattern().Replace(text, "<ip>");
        text = ComputerNamePattern().Replace(text, "<computer>");
        text = VolumePathPattern().Replace(text, "/forge_<volume>");
        return string.Join('\n', text.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd()));
    }

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"(?<before>\[\+|after )(\d+h\d+m|(\d+m)?\d+s)")]
    private static partial Regex ElapsedPattern();

    [GeneratedRegex(@"\bws-[a-z0-9]{6,}\b")]
    private static partial Regex CloudIdPattern();

    // The local cloud names computers as WorkSpaces does: A-<13> on Linux, WSAMZN-<8> on Windows.
    [GeneratedRegex(@"\b(A-[0-9A-Z]{13}|WSAMZN-[0-9A-Z]{8})\b")]
    private static partial Regex ComputerNamePattern();

    [GeneratedRegex("/forge_[0-9a-f]{32}")]
    private static partial Regex VolumePathPattern();

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex AddressPattern();
}
