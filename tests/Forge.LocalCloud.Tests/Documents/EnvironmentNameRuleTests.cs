using System.Text.RegularExpressions;
using Forge.LocalCloud.Workstation;
using InjectDocument = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>
/// One variable-name rule for Forge and the documents: the name matches <c>^[A-Z_][A-Z0-9_]{0,127}$</c> and
/// is not denied. Both scripts, the local cloud and the README must say exactly the same. The Windows
/// script cannot run here (no PowerShell), so what it may remove is checked in its text.
/// </summary>
public sealed partial class EnvironmentNameRuleTests
{
    private static readonly string[] DeniedNames =
    [
        "PATH", "BASH_ENV", "ENV", "PROMPT_COMMAND", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS",
        "SHELLOPTS", "BASHOPTS", "IFS", "PS4", "HOME", "SHELL", "USER", "LOGNAME", "PERL5OPT", "PERL5LIB", "RUBYOPT", "RUBYLIB",
        "PATHEXT", "COMSPEC", "PSMODULEPATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "USERPROFILE", "APPDATA",
    ];

    private static readonly string[] DeniedPrefixes = ["LD_", "DYLD_", "PYTHON", "BASH_FUNC_"];

    [Fact]
    public void Both_scripts_and_the_README_deny_exactly_the_same_names_and_prefixes()
    {
        var linux = string.Join('\n', RepositoryDocuments.Commands(InjectDocument.Name, "Linux"));
        var windows = string.Join('\n', RepositoryDocuments.Commands(InjectDocument.Name, "Windows"));
        var readme = File.ReadAllText(Path.Combine(RepositoryDocuments.Folder, "README.md"));

        Assert.Equal(DeniedNames, Words(LinuxList().Match(linux), "names"));
        Assert.Equal(DeniedPrefixes, Words(LinuxList().Matches(linux)[1], "prefixes"));
        Assert.Equal(DeniedNames, Quoted(WindowsList().Match(windows)));
        Assert.Equal(DeniedPrefixes, Quoted(WindowsList().Matches(windows)[1]));
        Assert.Equal(DeniedNames, Backticked(ReadmeLine(readme, "- Denied names:")));
        Assert.Equal(DeniedPrefixes, Backticked(ReadmeLine(readme, "- Denied prefixes:")));
    }

    [Fact]
    public void The_name_pattern_is_the_same_in_the_allowed_pattern_both_scripts_and_the_local_cloud()
    {
        const string Name = "[A-Z_][A-Z0-9_]{0,127}";
        var allowed = (string)RepositoryDocuments.Json(InjectDocument.Name)["parameters"]![InjectDocument.SecretReferences]!["allowedPattern"]!;

        Assert.StartsWith($"^{Name}=", allowed, StringComparison.Ordinal);
        Assert.Contains($"^{Name}$", string.Join('\n', RepositoryDocuments.Commands(InjectDocument.Name, "Linux")), StringComparison.Ordinal);
        Assert.Contains($"'^{Name}$'", string.Join('\n', RepositoryDocuments.Commands(InjectDocument.Name, "Windows")), StringComparison.Ordinal);
        Assert.Equal("invalid-name", InjectEnvironmentHandler.NameRefusal(new string('A', 129)));
        Assert.Null(InjectEnvironmentHandler.NameRefusal(new string('A', 128)));
        Assert.Equal("invalid-name", InjectEnvironmentHandler.NameRefusal("npm_token"));
        Assert.All(DeniedNames, n => Assert.Equal("denied-name", InjectEnvironmentHandler.NameRefusal(n)));
        Assert.All(DeniedPrefixes, p => Assert.Equal("denied-name", InjectEnvironmentHandler.NameRefusal(p + "X")));
        Assert.Null(InjectEnvironmentHandler.NameRefusal("PATHS_TO_CHECK"));
    }

    [Fact]
    public void The_Windows_script_changes_or_removes_only_machine_variables_that_Forge_set()
    {
        var lines = RepositoryDocuments.Commands(InjectDocument.Name, "Windows");

        // What Forge set is the Names value of its own key, read before anything changes and written from the names it set.
        Assert.Single(lines, l => l.StartsWith("$previous = @((Get-ItemProperty -Path $key ", StringComparison.Ordinal) && l.Contains(").Names", StringComparison.Ordinal));
        Assert.Contains(@"$key = 'HKLM:\SOFTWARE\Forge\Environment'", lines);
        Assert.Contains("$names = [string[]]@($values.Keys)", lines);
        Assert.Contains("Set-ItemProperty -Path $key -Name Names -Value $names -Type MultiString", lines);
        // Removal: only inside the loop over that list, and never a name the rule refuses now.
        var removals = lines.Select((l, i) => (Line: l, Index: i)).Where(l => l.Line.Contains("SetEnvironmentVariable($name, $null, 'Machine')", StringComparison.Ordinal)).ToList();
        var removal = Assert.Single(removals);
        Assert.Equal("foreach ($name in $previous) {", lines[removal.Index - 1]);
        Assert.Contains("-not (NameRefusal $name)", removal.Line, StringComparison.Ordinal);
        // Setting: only names in $values, which never holds a machine variable Forge did not set.
        Assert.Single(lines, l => l.Contains("SetEnvironmentVariable(", StringComparison.Ordinal) && !l.Contains("$null", StringComparison.Ordinal));
        Assert.Contains("foreach ($name in $values.Keys) { [Environment]::SetEnvironmentVariable($name, $values[$name], 'Machine') }", lines);
        Assert.Contains(lines, l => l.Contains("$previous -notcontains $name -and $null -ne [Environment]::GetEnvironmentVariable($name, 'Machine')", StringComparison.Ordinal)
            && l.Contains("$reason = 'not-set-by-forge'", StringComparison.Ordinal));
    }

    private static string[] Words(Match match, string kind)
    {
        Assert.True(match.Success && match.Groups["kind"].Value == kind, $"no denied_{kind}=\"...\" line in the Linux script");
        return match.Groups["list"].Value.Split(' ');
    }

    private static string[] Quoted(Match match)
    {
        Assert.True(match.Success, "no $denied... = @(...) line in the Windows script");
        return [.. Regex.Matches(match.Groups["list"].Value, "'([^']*)'").Select(m => m.Groups[1].Value)];
    }

    private static string ReadmeLine(string readme, string start) =>
        Assert.Single(readme.Split('\n'), l => l.StartsWith(start, StringComparison.Ordinal));

    private static string[] Backticked(string line) => [.. Regex.Matches(line, "`([^`]*)`").Select(m => m.Groups[1].Value)];

    [GeneratedRegex("^denied_(?<kind>names|prefixes)=\"(?<list>[^\"]*)\"$", RegexOptions.Multiline)]
    private static partial Regex LinuxList();

    [GeneratedRegex(@"^\$denied(Names|Prefixes) = @\((?<list>[^)]*)\)$", RegexOptions.Multiline)]
    private static partial Regex WindowsList();
}
