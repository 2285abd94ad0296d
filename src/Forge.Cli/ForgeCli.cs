using System.CommandLine;

namespace Forge.Cli;

/// <summary>Runs one <c>forge</c> command line: parse, run, and turn every failure into one line on stderr and an exit code.</summary>
public static class ForgeCli
{
    public static async Task<int> RunAsync(string[] args, CliContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = Commands.Build(context);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            // One line per error; "no command given" only when nothing else explains it (an unknown command says more).
            var messages = parsed.Errors.Select(e => string.Join(' ', e.Message.ReplaceLineEndings("\n").Split('\n').Select(l => l.Trim())))
                .Distinct().ToList();
            if (messages.Count > 1)
            {
                messages.RemoveAll(m => m.StartsWith("Required command was not provided", StringComparison.Ordinal));
            }

            foreach (var message in messages)
            {
                await context.Error.WriteLineAsync($"error: {message}");
            }

            await context.Error.WriteLineAsync($"Run '{string.Join(' ', CommandPath(parsed))} --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration
            {
                Output = context.Out,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
            }, cancellationToken);
        }
        catch (CliException e)
        {
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return e.ExitCode;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Text.Json.JsonException)
        {
            // A connection cut mid-answer or an answer that is not the API's JSON: still one line, not a stack trace.
            await context.Error.WriteLineAsync($"error: {e.Message}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("error: cancelled");
            return ExitCodes.Failed;
        }
    }

    private static List<string> CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (var result = parsed.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Insert(0, result.Command.Name);
        }

        return names;
    }
}
