namespace Forge.Cli;

/// <summary>What <c>forge</c> exits with; the same list is in <c>forge --help</c> and the README.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>The request was carried out and failed (a workspace that failed, a conflict, a server error, no connection).</summary>
    public const int Failed = 1;

    /// <summary>The command line or the values it sent are wrong (the API's validation problems included).</summary>
    public const int Usage = 2;

    /// <summary>Not signed in, the token was refused, or the caller may not do this.</summary>
    public const int Auth = 3;

    public const int NotFound = 4;

    public const string HelpText = """
        Exit codes:
          0  ok
          1  failed (the workspace failed, a conflict, a server or connection error)
          2  usage (bad arguments, or the API refused a value: the field is named)
          3  auth (not signed in, token refused or expired, not allowed)
          4  not found
        """;
}

/// <summary>Ends a command with one line on stderr and an exit code.</summary>
public sealed class CliException(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
