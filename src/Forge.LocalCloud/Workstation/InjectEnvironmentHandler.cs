using System.Text.Json.Nodes;
using Forge.LocalCloud.SecretsManager;
using Forge.LocalCloud.Ssm;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Forge-InjectEnvironment: every <c>NAME=ARN</c> is read from Secrets Manager in the machine's region
/// into <see cref="Machines.Machine.Environment"/>, which Forge owns entirely on the fake machine, so a
/// name no longer listed disappears. Any unreadable secret fails the run and changes nothing. Prints names only.
/// </summary>
public sealed class InjectEnvironmentHandler(SecretStore secrets) : IMachineDocumentHandler
{
    public string DocumentName => Inject.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var machine = invocation.Machine;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var reference in invocation.List(Inject.SecretReferences))
        {
            var split = reference.IndexOf('=', StringComparison.Ordinal);
            var name = split > 0 ? reference[..split] : reference;
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
        return MachineDocumentResult.Success(output.ToJsonString() + "\n");
    }
}
