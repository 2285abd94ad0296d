using Spectre.Console;

namespace Forge.Cli;

/// <summary>
/// Everything a command touches outside itself: standard streams, environment, HTTP, clock and the
/// latency probe. The process gets the real ones (<see cref="FromProcess"/>); tests pass their own and
/// run commands in-process against an in-process Forge.
/// </summary>
public sealed class CliContext
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public required TextReader In { get; init; }

    /// <summary>A person at a terminal: prompts, confirmations and the live spinner. Otherwise plain lines only.</summary>
    public bool Interactive { get; init; }

    /// <summary>The console width for tables; redirected output gets a wide one so rows are not wrapped.</summary>
    public int Width { get; init; } = 200;

    public required Func<string, string?> Environment { get; init; }

    /// <summary>The HTTP stack requests go through (the test server's handler in tests).</summary>
    public required Func<HttpMessageHandler> Handler { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public IRegionProbe Probe { get; init; } = new TlsRegionProbe();

    public static CliContext FromProcess() => new()
    {
        Out = System.Console.Out,
        Error = System.Console.Error,
        In = System.Console.In,
        Interactive = !System.Console.IsInputRedirected && !System.Console.IsOutputRedirected,
        Width = System.Console.IsOutputRedirected || System.Console.WindowWidth <= 0 ? 200 : Math.Max(System.Console.WindowWidth, 40),
        Environment = System.Environment.GetEnvironmentVariable,
        Handler = () => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) },
    };

    /// <summary>The terminal for prompts and live rendering when not the process's own (a test's console).</summary>
    public IAnsiConsole? Terminal { get; init; }

    /// <summary>Spectre.Console over <see cref="Out"/>: colour and live rendering only when interactive.</summary>
    public IAnsiConsole Console => _console ??= Terminal ?? CreateConsole();

    private IAnsiConsole? _console;

    private IAnsiConsole CreateConsole()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = Interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = Interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = Interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(Out),
        });
        console.Profile.Width = Width;
        if (!Interactive)
        {
            // Plain ASCII when piped or captured: the same bytes whatever the terminal's encoding.
            console.Profile.Capabilities.Unicode = false;
        }

        return console;
    }

    /// <summary>The folder for forge's files: <c>$XDG_CONFIG_HOME/forge</c>, else <c>~/.config/forge</c>.</summary>
    public string ConfigDirectory
    {
        get
        {
            var xdg = Environment("XDG_CONFIG_HOME");
            var home = Environment("HOME") is { Length: > 0 } h ? h : System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile);
            return Path.Combine(xdg is { Length: > 0 } ? xdg : Path.Combine(home, ".config"), "forge");
        }
    }
}
