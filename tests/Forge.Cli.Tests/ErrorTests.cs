namespace Forge.Cli.Tests;

/// <summary>
/// Every failure is one line on stderr and an exit code: usage 2 (the API's validation problems too, with the field
/// named), not found 4, auth 3, anything else that failed 1. The help lists the codes.
/// </summary>
public sealed class ErrorTests : CliTestBase
{
    [Fact]
    public async Task Problems_from_the_api_and_bad_command_lines_become_one_line_with_the_field_and_the_right_exit_code()
    {
        // Workers paused: the workspace stays provisioning, so what may not be done to it yet is refused every run.
        UseForge(StartForge(new() { ["Jobs:Paused"] = "true" }));
        await LoginAsync();
        var created = await RunAsync("create", "--blueprint", "backend", "--os", "linux", "--no-probe");
        var id = CreatedId(created).ToString();
        var nobody = Guid.NewGuid().ToString();

        var transcript = await TranscriptAsync(
            ["create", "--blueprint", "nope", "--os", "linux", "--no-probe"],
            ["create", "--os", "linux", "--no-probe"],
            ["create", "--blueprint", "frontend", "--os", "windows", "--no-probe"],
            ["create", "--blueprint", "backend", "--os", "linux", "--region", "moon-1"],
            ["create", "--os", "mac"],
            ["show", nobody],
            ["stop", nobody],
            ["volumes", "delete", nobody, "--yes"],
            ["open", id],
            ["stop", id],
            ["show", "not-an-id"],
            ["list", "--output", "yaml"],
            ["keep-alive", id, "maybe"],
            ["frobnicate"],
            ["list", "--server", "ftp://forge.example"]);
        await LoginAsync("bob");
        transcript += await TranscriptAsync(["show", id]);

        Golden.Match("errors", transcript.Replace(nobody, "<nobody>", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Help_documents_the_commands_and_the_exit_codes()
    {
        var help = await RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        Golden.Match("help", help.Out);
        Assert.Contains("4  not found", help.Out, StringComparison.Ordinal);
    }
}
