using System.Diagnostics;
using System.Text;

namespace Forge.LocalCloud.Tests.Documents;

/// <summary>
/// A throwaway directory tree standing for a workstation's home folder, user volume and system files,
/// in which the real Linux script of a document runs with bash. The scripts only define functions when
/// sourced; a test sources one and calls its file-handling functions against the tree. Root is needed
/// (the scripts switch to the user with runuser); the user is <see cref="User"/>, created when absent.
/// </summary>
internal sealed class ScriptSandbox : IDisposable
{
    /// <summary>
    /// A non-root user made for these tests only (no home). An ordinary account (uid in the login range):
    /// the documents refuse root and system accounts as the volume's owner.
    /// </summary>
    public const string User = "forge-doc-user";

    private static readonly Lazy<string?> UserProblem = new(CreateUser);

    private ScriptSandbox(string root) => Root = root;

    /// <summary>The tree's root: world-traversable so the user reaches the folders it owns inside.</summary>
    public string Root { get; }

    /// <summary>Why the sandbox cannot run here, or null; a test skips on a non-root run.</summary>
    public static string? Unavailable => Environment.IsPrivilegedProcess
        ? UserProblem.Value
        : "the document attack tests switch users with runuser and must run as root (CI does)";

    public static ScriptSandbox Create()
    {
        Assert.Null(Unavailable);
        var root = Directory.CreateTempSubdirectory("forge-sandbox-").FullName;
        var sandbox = new ScriptSandbox(root);
        sandbox.Setup("chmod 0755 \"$T\"");
        return sandbox;
    }

    public string Path(string relative) => System.IO.Path.Combine(Root, relative);

    /// <summary>
    /// The document's Linux script with each StringList placeholder replaced by its values, one a line
    /// (String parameters reach the script as SSM_ environment variables), written to the tree.
    /// </summary>
    public string WriteScript(string document, IReadOnlyDictionary<string, string[]>? lists = null)
    {
        var lines = RepositoryDocuments.Commands(document, "Linux")
            .SelectMany(line => lists?.FirstOrDefault(l => line == $"{{{{ {l.Key} }}}}") is { Key: not null } list ? list.Value : [line]);
        var script = Path($"{document}.sh");
        File.WriteAllText(script, string.Join('\n', lines) + "\n");
        return script;
    }

    /// <summary>
    /// Runs <paramref name="code"/> with bash as root after sourcing <paramref name="script"/> (when given);
    /// <c>$T</c> is the tree's root and <c>$U</c> the test user. <paramref name="shims"/> are commands put
    /// first on PATH (system commands only: mount, umount, getent, aws).
    /// </summary>
    public ScriptRun Bash(string code, string? script = null, IReadOnlyDictionary<string, string>? environment = null,
        IReadOnlyDictionary<string, string>? shims = null)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        // $0 is not the script's path, so its entry guard does not run main when it is sourced.
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script is null ? code : ". \"$1\"\n" + code);
        start.ArgumentList.Add("forge-document-test");
        start.ArgumentList.Add(script ?? "");
        start.Environment["T"] = Root;
        start.Environment["U"] = User;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        if (shims is { Count: > 0 })
        {
            var bin = Directory.CreateDirectory(Path($"shims-{Guid.NewGuid():N}")).FullName;
            foreach (var (name, body) in shims)
            {
                var file = System.IO.Path.Combine(bin, name);
                File.WriteAllText(file, "#!/bin/bash\n" + body + "\n");
            }

            Setup($"chmod 0755 '{bin}'/*");

            start.Environment["PATH"] = bin + ":" + start.Environment["PATH"];
        }

        using var process = Process.Start(start)!;
        // Nothing reads the test host's input: a script waiting on stdin ends at once.
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(1)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"bash did not finish within a minute: {code}");
        }

        return new ScriptRun(process.ExitCode, output.Result, error.Result);
    }

    /// <summary>Runs <paramref name="code"/> and fails the test when it does not exit 0 (tree setup and checks).</summary>
    public string Setup(string code)
    {
        var run = Bash(code);
        Assert.True(run.ExitCode == 0, $"setup failed ({run.ExitCode}): {run.Error}");
        return run.Output;
    }

    /// <summary>Owner, octal mode and type of a path (stat without following a link), e.g. <c>root 644 regular file</c>.</summary>
    public string Stat(string relative) => Setup($"stat -c '%U %a %F' -- \"$T/{relative}\"").Trim();

    public static string Sha256(string path) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path)));

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static string? CreateUser()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return null;
        }

        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add($"id -u {User} >/dev/null 2>&1 || useradd --no-create-home {User}");
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? null : $"could not create the user {User}: {error}";
    }
}

internal sealed record ScriptRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => new StringBuilder().Append("exit ").Append(ExitCode)
        .Append("\nstdout: ").Append(Output).Append("\nstderr: ").Append(Error).ToString();
}

/// <summary>A fact that needs root (the scripts switch to the test user); skipped with the reason otherwise.</summary>
internal sealed class RootFactAttribute : FactAttribute
{
    public RootFactAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "The document attack tests switch users with runuser and must run as root (CI does).";
        }
    }
}

/// <summary>A theory that needs root; see <see cref="RootFactAttribute"/>.</summary>
internal sealed class RootTheoryAttribute : TheoryAttribute
{
    public RootTheoryAttribute()
    {
        if (!Environment.IsPrivilegedProcess)
        {
            Skip = "The document attack tests switch users with runuser and must run as root (CI does).";
        }
    }
}
