using System.Text.Json.Nodes;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Ssm;
using Apply = Forge.Aws.Ssm.ForgeDocuments.ApplySecurityProfile;
using Report = Forge.Aws.Ssm.ForgeDocuments.ReportSecurityProfile;

namespace Forge.LocalCloud.Workstation;

/// <summary>Forge-ApplySecurityProfile: the DCV host's in-session settings become the profile's.</summary>
public sealed class ApplySecurityProfileHandler : IMachineDocumentHandler
{
    public string DocumentName => Apply.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in Apply.Parameters)
        {
            if (!invocation.TryGet(name, out var value))
            {
                return DocumentParameters.Missing(Apply.Name, name);
            }

            values[name] = value;
        }

        var machine = invocation.Machine;
        lock (machine.Gate)
        {
            foreach (var (name, value) in values)
            {
                machine.Policies[name] = value;
            }
        }

        return MachineDocumentResult.Success("Security profile applied; new DCV sessions use it.\n");
    }
}

/// <summary>
/// Forge-ReportSecurityProfile: one JSON object with exactly ApplySecurityProfile's parameters as keys;
/// a setting never applied shows the DCV default, as the real script reads it from an untouched host.
/// </summary>
public sealed class ReportSecurityProfileHandler : IMachineDocumentHandler
{
    /// <summary>What a DCV host allows before Forge changes anything.</summary>
    internal static readonly IReadOnlyDictionary<string, string> Defaults = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [Apply.Clipboard] = "Enabled",
        [Apply.FileTransfer] = "Enabled",
        [Apply.Printing] = "Enabled",
        [Apply.Usb] = "Enabled",
        [Apply.LocalDrives] = "Enabled",
        [Apply.ScreenCapture] = "Allowed",
        [Apply.Watermark] = "Disabled",
        [Apply.WatermarkText] = "",
    };

    public string DocumentName => Report.Name;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        return MachineDocumentResult.Success(Render(invocation.Machine).ToJsonString() + "\n");
    }

    private static JsonObject Render(Machine machine)
    {
        var report = new JsonObject();
        lock (machine.Gate)
        {
            foreach (var name in Apply.Parameters)
            {
                report[name] = machine.Policies.GetValueOrDefault(name) ?? Defaults[name];
            }
        }

        return report;
    }
}
