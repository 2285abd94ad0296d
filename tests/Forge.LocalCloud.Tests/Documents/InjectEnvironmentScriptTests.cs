using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using InjectDocument = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>
/// Forge-InjectEnvironment's Linux script, run for real against a throwaway tree (<c>$T/profile.d</c> for
/// /etc/profile.d, <c>$T/forge</c> for /etc/forge, <c>$T/home</c> the volume owner's home). Only the AWS CLI
/// is a stand-in: a PATH shim answering <c>get-secret-value</c> with the test's value, as the CLI prints it.
/// Values are read back by login-like shells that load every profile.d file the way /etc/profile does.
/// </summary>
public sealed class InjectEnvironmentScriptTests : IDisposable
{
    /// <summary>Bash 4.2's parsing (Amazon Linux 2's bash, through BASH_COMPAT) and the current bash's.</summary>
    public static TheoryData<string> Compat => ["42", "current"];

    /// <summary>Values that break out of shell quoting if quoted wrongly; each creates <c>$T/pwned</c> if it becomes code.</summary>
    private static readonly Dictionary<string, string> TrickyValues = new(StringComparer.Ordinal)
    {
        ["SINGLE_QUOTE_BREAKOUT"] = "x'; touch \"$T/pwned\"; echo '",
        ["DOUBLE_QUOTE_BREAKOUT"] = "\"; touch \"$T/pwned\"; echo \"",
        ["LONE_QUOTE"] = "'",
        ["BACKSLASHES"] = @"back\slash \\ \' \"" end\",
        ["NEWLINES"] = "line one\n'; touch \"$T/pwned\"; '\nline three",
        ["COMMAND_SUBSTITUTION"] = "$(touch \"$T/pwned\")",
        ["BACKTICKS"] = "`touch \"$T/pwned\"`",
        ["PARAMETER_EXPANSION"] = "${T}/${HOME:-none} $T",
        ["UNICODE"] = "påss wörd ✓ 🔑 日本語 \u00a0",
        ["LARGE_VALUE"] = string.Concat(Enumerable.Repeat("ab'c\"d$(e)`f`\\g\n", 65536 / 16)),
        ["TRAILING_NEWLINE"] = "value\n\n",
        ["LEADING_DASH"] = "-n -e -- value",
    };

    private readonly ScriptSandbox _box = ScriptSandbox.Create();

    public InjectEnvironmentScriptTests() =>
        _box.Setup("""
            install -d -m 0755 "$T/profile.d" "$T/forge" "$T/secrets"
            install -d -m 0755 -o "$U" -g "$(id -gn "$U")" "$T/home"
            printf 'VOLUME_ID=fsvol-0\nMOUNT_PATH=%s\nOWNER=%s\n' "$T/home/ForgeVolume" "$U" >"$T/forge/user-volume.conf"
            """);

    [RootTheory]
    [MemberData(nameof(Compat))]
    public void Every_tricky_value_reads_back_byte_for_byte_and_none_becomes_code(string compat)
    {
        var run = Inject(compat, [.. TrickyValues.Keys.Select(name => (name, TrickyValues[name]))]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(TrickyValues.Keys.Order(StringComparer.Ordinal), Injected(run).Order(StringComparer.Ordinal));
        var readBack = new[] { Reader.Root, Reader.RootPosixSh, Reader.Owner }.ToDictionary(r => r, r => ReadBack(compat, r, [.. TrickyValues.Keys]));

        Assert.False(File.Exists(_box.Path("pwned")), "a secret value ran as shell code");
        foreach (var (reader, values) in readBack)
        {
            foreach (var (name, value) in TrickyValues)
            {
                var text = Text(values[name]);
                Assert.True(Encoding.UTF8.GetBytes(value).AsSpan().SequenceEqual(values[name]),
                    $"{name} read back by {reader} (BASH_COMPAT={compat}) differs: {values[name].Length} bytes, {text[..Math.Min(text.Length, 80)]}");
            }
        }
    }

    [RootTheory]
    [MemberData(nameof(Compat))]
    public void Names_that_change_how_programs_run_are_skipped_and_reported_without_blocking_the_others(string compat)
    {
        string[] refused = ["PATH", "LD_PRELOAD", "BASH_ENV", "PYTHONSTARTUP", "NODE_OPTIONS", "BASH_FUNC_X", "PROMPT_COMMAND", "lower_case", new string('A', 129)];
        var run = Inject(compat, [("NPM_TOKEN", "npm_4f9c"), .. refused.Select(n => (n, "/tmp/evil")), ("DB_URL", "postgres://db")]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(["NPM_TOKEN", "DB_URL"], Injected(run));
        var report = JsonNode.Parse(run.Output)!["refused"]!.AsArray().Select(r => $"{r!["name"]}:{r["reason"]}").ToList();
        Assert.Equal([.. refused[..^2].Select(n => $"{n}:denied-name"), "lower_case:invalid-name", $"{refused[^1]}:invalid-name"], report);
        Assert.All(refused, name => Assert.Contains($"skipped {name}: ", run.Error, StringComparison.Ordinal));

        var values = ReadBack(compat, Reader.Root, ["NPM_TOKEN", "DB_URL", "PATH", "LD_PRELOAD"]);
        Assert.Equal(("npm_4f9c", "postgres://db", ""), (Text(values["NPM_TOKEN"]), Text(values["DB_URL"]), Text(values["LD_PRELOAD"])));
        Assert.DoesNotContain("/tmp/evil", Text(values["PATH"]), StringComparison.Ordinal);
    }

    [RootFact]
    public void Names_no_longer_listed_disappear_for_root_and_for_the_owner()
    {
        Assert.Equal(0, Inject("current", [("NPM_TOKEN", "first"), ("DB_URL", "postgres://first")]).ExitCode);

        var run = Inject("current", [("NPM_TOKEN", "rotated")]);

        Assert.True(run.ExitCode == 0, run.ToString());
        foreach (var reader in new[] { Reader.Root, Reader.Owner })
        {
            var values = ReadBack("current", reader, ["NPM_TOKEN", "DB_URL"]);
            Assert.Equal(("rotated", ""), (Text(values["NPM_TOKEN"]), Text(values["DB_URL"])));
        }
    }

    [RootTheory]
    [InlineData("root")]
    [InlineData("daemon")]
    public void Root_or_a_system_account_as_the_volume_owner_is_refused_before_anything_is_written(string owner)
    {
        _box.Setup($"printf 'VOLUME_ID=fsvol-0\\nMOUNT_PATH=%s\\nOWNER=%s\\n' \"$T/home/ForgeVolume\" {owner} >\"$T/forge/user-volume.conf\"");

        var run = Inject("current", [("NPM_TOKEN", "token")]);

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("system account", run.Error, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_box.Path("home/.forge")), "values were written as " + owner);
        Assert.False(Directory.Exists(_box.Path("forge/environment")), "values were written before the owner was checked");
    }

    public void Dispose() => _box.Dispose();

    private enum Reader
    {
        /// <summary>A root login shell (bash).</summary>
        Root,

        /// <summary>A root login shell that is plain sh (dash here): the loader is POSIX sh.</summary>
        RootPosixSh,

        /// <summary>The volume owner's login shell (bash).</summary>
        Owner,
    }

    private ScriptRun Inject(string compat, (string Name, string Value)[] secrets)
    {
        var references = new List<string>();
        for (var i = 0; i < secrets.Length; i++)
        {
            // The CLI prints --output text as the value and a line break, --output json as a JSON string.
            File.WriteAllText(_box.Path($"secrets/s{i}.text"), secrets[i].Value + "\n");
            File.WriteAllText(_box.Path($"secrets/s{i}.json"), JsonSerializer.Serialize(secrets[i].Value) + "\n");
            references.Add($"{secrets[i].Name}=arn:aws:secretsmanager:us-east-1:123456789012:secret:s{i}");
        }

        var aws = """
            [ "$1 $2" = "secretsmanager get-secret-value" ] || { echo "unexpected aws call: $*" >&2; exit 2; }
            while [ $# -gt 0 ]; do
              case $1 in --secret-id) id=${2##*:}; shift ;; --output) format=$2; shift ;; esac
              shift
            done
            cat "$T/secrets/$id.$format"
            """;
        // The system's passwd entry with the home folder moved into the tree.
        var getent = """
            [ "$1" = passwd ] && entry=$(/usr/bin/getent passwd "$2") && awk -F: -v home="$T/home" 'BEGIN { OFS = ":" } { $6 = home; print }' <<<"$entry"
            """;
        return _box.Bash(
            """
            profile_dir=$T/profile.d environment_dir=$T/forge/environment volume_record=$T/forge/user-volume.conf
            main
            """,
            _box.WriteScript(InjectDocument.Name, new Dictionary<string, string[]> { [InjectDocument.SecretReferences] = [.. references] }),
            Environment(compat), new Dictionary<string, string> { ["aws"] = aws, ["getent"] = getent });
    }

    /// <summary>What a login shell of <paramref name="reader"/> has in each variable after loading profile.d as /etc/profile does.</summary>
    private Dictionary<string, byte[]> ReadBack(string compat, Reader reader, string[] names)
    {
        var output = _box.Path($"read-{reader}");
        var login = $$"""
            for i in "$T"/profile.d/*.sh; do if [ -r "$i" ]; then . "$i"; fi; done
            mkdir -p "{{output}}"
            for name in {{string.Join(' ', names)}}; do eval "printf '%s' \"\${$name-}\"" >"{{output}}/$name"; done
            """;
        var quoted = "'" + login.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
        var command = reader switch
        {
            Reader.Root => $"HOME=/root bash -c {quoted}",
            Reader.RootPosixSh => $"HOME=/root sh -c {quoted}",
            _ => $"install -d -o \"$U\" \"{output}\" && runuser -u \"$U\" -- env HOME=\"$T/home\" bash -c {quoted}",
        };
        var run = _box.Bash(command, environment: Environment(compat));
        Assert.True(run.ExitCode == 0, run.ToString());
        return names.ToDictionary(n => n, n => File.ReadAllBytes(System.IO.Path.Combine(output, n)));
    }

    private static Dictionary<string, string> Environment(string compat) =>
        compat == "42" ? new() { ["BASH_COMPAT"] = "42" } : [];

    private static List<string> Injected(ScriptRun run) =>
        [.. JsonNode.Parse(run.Output)!["injected"]!.AsArray().Select(n => (string)n!)];

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);
}
