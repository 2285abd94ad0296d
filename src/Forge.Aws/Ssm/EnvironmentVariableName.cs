using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Forge.Aws.Ssm;

/// <summary>
/// The one rule for the names Forge injects as environment variables, shared by Forge (which skips and
/// reports a secret whose name breaks it) and Forge-InjectEnvironment (whose <c>allowedPattern</c> and
/// scripts refuse the same names): <see cref="Pattern"/>, and not a name that changes how programs run
/// (<see cref="DeniedNames"/>, <see cref="DeniedPrefixes"/>). A tag must never be able to turn a
/// secret into a loader, shell or interpreter setting for every process on the workstation.
/// </summary>
public static partial class EnvironmentVariableName
{
    /// <summary>
    /// Upper-case letters, digits and underscores, not starting with a digit, at most 128 characters;
    /// unanchored, exactly the name part of Forge-InjectEnvironment's <c>allowedPattern</c>.
    /// </summary>
    public const string Pattern = "[A-Z_][A-Z0-9_]{0,127}";

    /// <summary>Names that change how a shell, loader, runtime or Windows itself behaves.</summary>
    public static FrozenSet<string> DeniedNames { get; } = FrozenSet.Create(StringComparer.Ordinal,
        "PATH", "BASH_ENV", "ENV", "PROMPT_COMMAND", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
        "SHELLOPTS", "BASHOPTS", "IFS", "PS4", "HOME", "SHELL", "USER", "LOGNAME", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB",
        "PATHEXT", "COMSPEC", "PSMODULEPATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "USERPROFILE", "APPDATA");

    /// <summary>Families of such names: the dynamic loaders' (<c>LD_PRELOAD</c>), Python's startup variables, exported bash functions.</summary>
    public static IReadOnlyList<string> DeniedPrefixes { get; } = ["LD_", "DYLD_", "PYTHON", "BASH_FUNC_"];

    /// <summary>Whether <paramref name="name"/> may be injected; when not, <paramref name="reason"/> says why (never a value).</summary>
    public static bool IsAllowed(string? name, out string reason)
    {
        if (name is null || !Matcher().IsMatch(name))
        {
            reason = "not an environment variable name Forge injects: upper-case letters, digits and underscores, "
                + "not starting with a digit, at most 128 characters";
            return false;
        }

        if (DeniedNames.Contains(name))
        {
            reason = $"{name} changes how programs run on the workstation and is never injected";
            return false;
        }

        if (DeniedPrefixes.FirstOrDefault(p => name.StartsWith(p, StringComparison.Ordinal)) is { } prefix)
        {
            reason = $"names starting with {prefix} change how programs run on the workstation and are never injected";
            return false;
        }

        reason = "";
        return true;
    }

    // \z, not $: "NAME\n" is not a name.
    [GeneratedRegex("^" + Pattern + @"\z", RegexOptions.CultureInvariant)]
    private static partial Regex Matcher();
}
