using System.Text.Json;
using Forge.Aws.Ssm;
using Forge.LocalCloud.Hosting;
using Forge.LocalCloud.SecretsManager;
using Forge.LocalCloud.Ssm;
using Doc = Forge.Aws.Ssm.ForgeDocuments.JoinDomain;

namespace Forge.LocalCloud.Workstation;

/// <summary>
/// Forge-JoinDomain on a fake machine: reads the join credentials secret of the machine's region as
/// the instance role would, joins the region's seeded directory (realm on Linux, Add-Computer on
/// Windows), applies Group Policy and checks the account resolves. Every failure exits 1 with the
/// message the real tools print, never with the password.
/// </summary>
public sealed partial class JoinDomainHandler(SecretStore secrets, MachineFaults faults, ILogger<JoinDomainHandler> logger) : IMachineDocumentHandler
{
    public string DocumentName => Doc.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        if (!invocation.TryGet(Doc.DomainName, out var domain))
        {
            return DocumentParameters.Missing(Doc.Name, Doc.DomainName);
        }

        if (!invocation.TryGet(Doc.OrganizationalUnit, out var organizationalUnit))
        {
            return DocumentParameters.Missing(Doc.Name, Doc.OrganizationalUnit);
        }

        if (!invocation.TryGet(Doc.JoinCredentialsSecretArn, out var secretArn))
        {
            return DocumentParameters.Missing(Doc.Name, Doc.JoinCredentialsSecretArn);
        }

        // As the scripts do: Linux reads the credentials before anything else (it verifies with that
        // account even when already joined); Windows looks at its membership first.
        var machine = invocation.Machine;
        string? user = null;
        MachineDocumentResult? failure = null;
        if (!invocation.IsWindows() && (user = ReadJoinUser(machine.Region, secretArn, out failure)) is null)
        {
            return failure!;
        }

        lock (machine.Gate)
        {
            if (machine.Domain.Joined && string.Equals(machine.Domain.Name, domain, StringComparison.OrdinalIgnoreCase))
            {
                machine.Domain.GroupPolicyApplied = true;
                return MachineDocumentResult.Success($"Already a member of {domain}.\n");
            }
        }

        user ??= ReadJoinUser(machine.Region, secretArn, out failure);
        return user is null ? failure! : Join(invocation, domain, organizationalUnit, user);
    }

    private MachineDocumentResult Join(MachineDocumentInvocation invocation, string domain, string organizationalUnit, string user)
    {
        var machine = invocation.Machine;
        var seeded = SeedInventory.For(machine.Region);
        var windows = invocation.IsWindows();
        if (!string.Equals(domain, seeded.DomainName, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentParameters.Fail(Doc.Name, windows
                ? $"Add-Computer could not join {domain}: The specified domain either does not exist or could not be contacted."
                : $"realm could not join {domain} (see the realm messages above)\nrealm: No such realm found: {domain}");
        }

        var domainDn = "DC=" + seeded.DomainName.Replace(".", ",DC=", StringComparison.Ordinal);
        if (!organizationalUnit.EndsWith("," + domainDn, StringComparison.OrdinalIgnoreCase))
        {
            return DocumentParameters.Fail(Doc.Name, windows
                ? $"Add-Computer could not join {domain}: The specified organizational unit {organizationalUnit} is not in the domain."
                : $"realm could not join {domain} (see the realm messages above)\nrealm: Couldn't join realm: The computer-ou {organizationalUnit} is not in the domain {domain}");
        }

        if (faults.TryConsumeDomainJoinFailure(machine))
        {
            LogInjectedJoinFailure(machine.WorkspaceId, machine.Region);
            return DocumentParameters.Fail(Doc.Name, windows
                ? $"Add-Computer could not join {domain}: Computer '{machine.ComputerName}' failed to join domain '{domain}' from its current workgroup 'WORKGROUP' with following error message: Access is denied."
                : $"realm could not join {domain} (see the realm messages above)\nrealm: Couldn't join realm: Insufficient permissions to join the domain");
        }

        lock (machine.Gate)
        {
            machine.Domain.Joined = true;
            machine.Domain.Name = seeded.DomainName;
            machine.Domain.OrganizationalUnit = organizationalUnit;
            machine.Domain.GroupPolicyApplied = true;
        }

        return MachineDocumentResult.Success(windows
            ? $"Joined {seeded.DomainName}; rebooted; Group Policy applied; secure channel verified.\n"
            : $"Joining {seeded.DomainName} in {organizationalUnit} as {user}.\nJoined {seeded.DomainName}; Group Policy access control enforcing; {user}@{seeded.DomainName} resolves.\n");
    }

    /// <summary>The secret's username, once the secret is known to hold a username and a password.</summary>
    private string? ReadJoinUser(string region, string secretArn, out MachineDocumentResult? failure)
    {
        failure = null;
        var text = secrets.GetCurrentSecretString(region, secretArn);
        if (text is null)
        {
            failure = DocumentParameters.Fail(Doc.Name,
                $"could not read the join credentials secret {secretArn}\nAn error occurred (ResourceNotFoundException) when calling the GetSecretValue operation: Secrets Manager can't find the specified secret.");
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var user = Member(root, "username");
            if (user is null || Member(root, "password") is null)
            {
                failure = DocumentParameters.Fail(Doc.Name, user is null
                    ? "the join credentials secret has no \"username\""
                    : "the join credentials secret has no \"password\"");
            }

            return failure is null ? user : null;
        }
        catch (JsonException)
        {
            failure = DocumentParameters.Fail(Doc.Name, "the join credentials secret has no \"username\" (it is not JSON)");
            return null;
        }
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Information, Message = "Injected domain join failure on {WorkspaceId} in {Region}")]
    private partial void LogInjectedJoinFailure(string workspaceId, string region);

    private static string? Member(JsonElement root, string name) =>
        root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;
}
