using Spectre.Console.Testing;

namespace Forge.Cli.Tests;

/// <summary>With a person at the terminal: missing choices are asked from the API's catalogue and destructive commands ask first.</summary>
public sealed class InteractiveTests : CliTestBase
{
    [Fact]
    public async Task Create_asks_for_the_blueprint_and_system_and_terminate_goes_ahead_only_when_confirmed()
    {
        await LoginAsync();
        var terminal = new TestConsole().Interactive();
        terminal.Profile.Width = 200;
        terminal.Input.PushKey(ConsoleKey.Enter);     // the first blueprint: backend
        terminal.Input.PushKey(ConsoleKey.DownArrow); // its second system: windows
        terminal.Input.PushKey(ConsoleKey.Enter);
        Terminal = terminal;

        var create = await RunAsync("create", "--no-probe");

        Assert.True(create.ExitCode == 0, create.ToString());
        Assert.Contains(": backend on windows in us-east-1", create.Out, StringComparison.Ordinal);
        Assert.Contains("Blueprint:", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("Operating system:", terminal.Output, StringComparison.Ordinal);
        var id = CreatedId(create).ToString();

        terminal.Input.PushTextWithEnter("n");
        var declined = await RunAsync("terminate", id);
        terminal.Input.PushTextWithEnter("y");
        var confirmed = await RunAsync("terminate", id);

        Assert.Equal((1, "error: not confirmed; nothing done\n"), (declined.ExitCode, declined.Error));
        Assert.Contains($"Terminate workspace {id}?", terminal.Output, StringComparison.Ordinal);
        Assert.Equal((0, $"Workspace {id} is terminating.\n"), (confirmed.ExitCode, confirmed.Out));
    }

    [Fact]
    public async Task Create_with_wait_at_a_terminal_shows_the_steps_above_a_spinner_and_ends_with_the_connection_details()
    {
        await LoginAsync();
        var terminal = new TestConsole().Interactive().EmitAnsiSequences();
        terminal.Profile.Width = 200;
        Terminal = terminal;

        var create = await RunDrivenAsync("create", "--blueprint", "backend", "--os", "linux", "--wait", "--no-probe");

        Assert.True(create.ExitCode == 0, create.ToString() + terminal.Output);
        Assert.Contains("] inject-secrets succeeded", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("Ready after ", terminal.Output, StringComparison.Ordinal);
        Assert.Contains("\u001b[?25l", terminal.Output, StringComparison.Ordinal); // the live display hid the cursor while it ran
        Assert.Contains("Registration code:  ", create.Out, StringComparison.Ordinal);
    }
}
