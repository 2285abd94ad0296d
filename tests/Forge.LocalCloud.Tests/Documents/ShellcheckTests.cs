using System.Diagnostics;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>Every Linux script of Forge's documents passes shellcheck (scripts/test.sh installs it).</summary>
public sealed class ShellcheckTests
{
    [Theory]
    [MemberData(nameof(RepositoryDocuments.All), MemberType = typeof(RepositoryDocuments))]
    public async Task The_Linux_script_has_no_shellcheck_finding(string name)
    {
        var commands = RepositoryDocuments.Commands(name, "Linux");
        // SSM runs the script file through sh; only the shebang makes it the bash the scripts are written for.
        Assert.Equal("#!/bin/bash", commands[0]);
        var script = Path.Combine(Path.GetTempPath(), $"forge-{name}-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, string.Join('\n', commands) + "\n");
        try
        {
            var (exitCode, output) = await RunShellcheckAsync(script);
            Assert.True(exitCode == 0 && output.Length == 0, $"shellcheck found problems in {name}:\n{output}");
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static async Task<(int ExitCode, string Output)> RunShellcheckAsync(string script)
    {
        var start = new ProcessStartInfo("shellcheck") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-s", "bash", "-S", "style", "-f", "gcc", script })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            Assert.Fail("shellcheck is not installed: run scripts/test.sh, or apt-get install -y shellcheck.");
            throw;
        }

        using (process)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, (await output + await error).Trim());
        }
    }
}
