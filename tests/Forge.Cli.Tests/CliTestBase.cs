using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Tests.Support;

namespace Forge.Cli.Tests;

/// <summary>What one <c>forge</c> run printed and exited with.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement;

    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}--- stderr\n{Error}";
}

/// <summary>A <see cref="StringWriter"/> a test may read while a command writes to it on another thread.</summary>
public sealed class SharedWriter : StringWriter
{
    private readonly object _gate = new();

    public SharedWriter() => NewLine = "\n";

    public override void Write(char value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(string? value)
    {
        lock (_gate)
        {
            base.Write(value);
        }
    }

    public override void Write(char[] buffer, int index, int count)
    {
        lock (_gate)
        {
            base.Write(buffer, index, count);
        }
    }

    public override void WriteLine(string? value)
    {
        lock (_gate)
        {
            base.WriteLine(value);
        }
    }

    public override string ToString()
    {
        lock (_gate)
        {
            return base.ToString();
        }
    }
}

/// <summary>Answers fixed latencies, as a machine near some regions would measure them.</summary>
public sealed class FixedProbe(IReadOnlyDictionary<string, int> latencies) : IRegionProbe
{
    public List<string> Asked { get; } = [];

    public Task<IReadOnlyDictionary<string, int>> MeasureAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken)
    {
        Asked.AddRange(regions);
        return Task.FromResult<IReadOnlyDictionary<string, int>>(latencies.Where(l => regions.Contains(l.Key)).ToDictionary());
    }
}

/// <summary>
/// Runs <c>forge</c> commands in-process, non-interactive, against a real Forge (the API suite's fixtures: the
/// real Program on SQLite, its workers on the test's <see cref="SettlingClock"/>, the in-process local cloud),
/// through the test server's HTTP handler, with its own config folder. Nothing of the real network is used:
/// the latency probe answers nothing unless a test gives it latencies.
/// </summary>
public abstract class CliTestBase : ForgeTestBase, IDisposable
{
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private readonly string _home = Path.Combine(Path.GetTempPath(), "forge-cli-" + Guid.NewGuid().ToString("N")[..12]);
    private ForgeApp? _forge;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    /// <summary>The Forge the commands talk to, started on first use.</summary>
    protected ForgeApp Forge => _forge ??= StartForge();

    /// <summary>Points the commands at a Forge the test started with its own settings.</summary>
    protected void UseForge(ForgeApp forge) => _forge = forge;

    protected string ConfigHome => Path.Combine(_home, "config");

    protected IRegionProbe Probe { get; set; } = new FixedProbe(new Dictionary<string, int>());

    protected string ServerAddress => Forge.Server.BaseAddress.ToString();

    /// <summary>A scripted terminal: set, commands run as if a person were at it (prompts, confirmations).</summary>
    protected Spectre.Console.IAnsiConsole? Terminal { get; set; }

    /// <summary>The HTTP stack of the commands; unset, everything goes to the test's Forge.</summary>
    protected Func<HttpMessageHandler>? Handlers { get; set; }

    /// <summary>Runs one command line to its end.</summary>
    protected Task<CliRun> RunAsync(params string[] args) => RunAsync(new SharedWriter(), args);

    /// <summary>Runs one command line writing its stderr to <paramref name="error"/>, which the test may read while it runs.</summary>
    protected async Task<CliRun> RunAsync(SharedWriter error, string[] args)
    {
        ArgumentNullException.ThrowIfNull(error);
        using var output = new StringWriter { NewLine = "\n" };
        var exit = await ForgeCli.RunAsync(args, Context(output, error));
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs commands one after another and records each as a person would see it: the command, its output, its exit code.</summary>
    protected async Task<string> TranscriptAsync(params string[][] commands)
    {
        ArgumentNullException.ThrowIfNull(commands);
        var text = new System.Text.StringBuilder();
        foreach (var args in commands)
        {
            var run = await RunAsync(args);
            text.Append("$ forge ").AppendJoin(' ', args).Append('\n').Append(run.Out);
            if (run.Error.Length > 0)
            {
                text.Append("[stderr] ").Append(run.Error);
            }

            text.Append("[exit ").Append(run.ExitCode).Append("]\n\n");
        }

        return text.ToString();
    }

    /// <summary>Runs a command that waits on Forge's work, moving the clock until it ends (as <see cref="Eventually"/> does).</summary>
    protected async Task<CliRun> RunDrivenAsync(params string[] args)
    {
        var run = RunAsync(args);
        await Eventually.UntilAsync(Clock, () => Task.FromResult(run.IsCompleted), done => done, Step);
        return await run;
    }

    /// <summary>Signs in as a developer of Engineering (the CLI's own login, checked to succeed).</summary>
    protected async Task LoginAsync(string user = "alice", params string[] extra)
    {
        var login = await RunAsync(["login", "--user", user, "--team", "Engineering", .. extra]);
        Assert.True(login.ExitCode == 0, login.ToString());
    }

    /// <summary>Moves the clock until the API shows the workspace in <paramref name="status"/>.</summary>
    protected async Task UntilStatusAsync(Guid id, string status, string user = "alice")
    {
        var client = await Forge.ClientForAsync(user, ["Engineering"]);
        await Eventually.UntilAsync(Clock, () => client.GetWorkspaceAsync(id), w => w.Status == status, Step);
    }

    /// <summary>The id a create printed ("Requested workspace ID: ...").</summary>
    protected static Guid CreatedId(CliRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var line = (run.Out + run.Error).Split('\n').First(l => l.StartsWith("Requested workspace ", StringComparison.Ordinal));
        return Guid.Parse(line["Requested workspace ".Length..].Split(':')[0]);
    }

    private CliContext Context(StringWriter output, TextWriter error) => new()
    {
        Out = output,
        Error = error,
        In = TextReader.Null,
        Interactive = Terminal is not null,
        Terminal = Terminal,
        Width = 200,
        Environment = name => name switch
        {
            "FORGE_SERVER" => ServerAddress,
            "XDG_CONFIG_HOME" => ConfigHome,
            "HOME" => _home,
            "USER" => "tester",
            _ => null,
        },
        Handler = Handlers ?? (() => Forge.Server.CreateHandler()),
        Time = Clock,
        Probe = Probe,
    };

    public void Dispose()
    {
        if (Directory.Exists(_home))
        {
            Directory.Delete(_home, recursive: true);
        }

        GC.SuppressFinalize(this);
    }
}
