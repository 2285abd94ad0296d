using System.Collections.Frozen;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Forge.LocalCloud.SecretsManager;
using Forge.LocalCloud.Ssm;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Forge-InjectEnvironment: every <c>NAME=ARN</c> is read from Secrets Manager in the machine's region
/// into <see cref="Machines.Machine.Environment"/>, which Forge owns entirely on the fake machine, so a
/// name no longer listed disappears. A name that breaks the name rule is skipped and reported under
/// <c>refused</c>, as the scripts do; any unreadable secret fails the run and changes nothing. Prints names only.
/// </summary>
public sealed partial class InjectEnvironmentHandler(SecretStore secrets) : IMachineDocumentHandler
{
    /// <summary>The scripts' deny list (documents/README.md): names that change how programs start.</summary>
    private static readonly FrozenSet<string> DeniedNames = FrozenSet.Create(StringComparer.Ordinal,
        "PATH", "BASH_ENV", "ENV", "PROMPT_COMMAND", "NODE_OPTIONS", "NODE_PATH", "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS",
        "JDK_JAVA_OPTIONS", "SHELLOPTS", "BASHOPTS", "IFS", "PS4", "HOME", "SHELL", "USER", "LOGNAME", "PERL5OPT", "PERL5LIB",
        "RUBYOPT", "RUBYLIB", "PATHEXT", "COMSPEC", "PSMODULEPATH", "SYSTEMROOT", "WINDIR", "TEMP", "TMP", "USERPROFILE", "APPDATA");

    private static readonly string[] DeniedPrefixes = ["LD_", "DYLD_", "PYTHON", "BASH_FUNC_"];

    /// <summary>Why the scripts skip a variable name (<c>invalid-name</c>, <c>denied-name</c>), or null.</summary>
    internal static string? NameRefusal(string name) =>
        !NamePattern().IsMatch(name) ? "invalid-name"
        : DeniedNames.Contains(name) || DeniedPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)) ? "denied-name"
        : null;

    public string DocumentName => Inject.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var machine = invocation.Machine;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        var refused = new JsonArray();
        var skipped = new System.Text.StringBuilder();
        foreach (var reference in invocation.List(Inject.SecretReferences))
        {
            var split = reference.IndexOf('=', StringComparison.Ordinal);
            var name = split > 0 ? reference[..split] : reference;
            if (NameRefusal(name) is { } reason)
            {
                refused.Add(new JsonObject { ["name"] = name, ["reason"] = reason });
                skipped.Append(System.Globalization.CultureInfo.InvariantCulture, $"{Inject.Name}: skipped {name}: {reason}\n");
                continue;
            }

            if (split <= 0)
            {
                return DocumentParameters.Fail(Inject.Name, $"{name} does not reference a Secrets Manager ARN");
            }

            if (values.ContainsKey(name))
            {
                return DocumentParameters.Fail(Inject.Name, $"{name} is given twice");
            }

            // The secret's name is not echoed either: only the variable name identifies the failure.
            if (secrets.GetCurrentSecretString(machine.Region, reference[(split + 1)..]) is not { } value)
            {
                return DocumentParameters.Fail(Inject.Name, $"could not read the secret for {name}");
            }

            values[name] = value;
            names.Add(name);
        }

        lock (machine.Gate)
        {
            machine.Environment.Clear();
            foreach (var (name, value) in values)
            {
                machine.Environment[name] = value;
            }
        }

        var output = new JsonObject { ["injected"] = new JsonArray([.. names.Select(n => (JsonNode)n)]) };
        if (refused.Count > 0)
        {
            output["refused"] = refused;
        }

        return new MachineDocumentResult(0, output.ToJsonString() + "\n", skipped.ToString());
    }

    [GeneratedRegex("^[A-Z_][A-Z0-9_]{0,127}$")]
    private static partial Regex NamePattern();
}
