namespace Forge.Cli;

/// <summary>The process entry point: the real console, environment and network; Ctrl+C cancels the command.</summary>
internal static class Entry
{
    public static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await ForgeCli.RunAsync(args, CliContext.FromProcess(), cancel.Token);
    }
}
