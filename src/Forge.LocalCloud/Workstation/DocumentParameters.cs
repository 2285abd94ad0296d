using Forge.LocalCloud.Ssm;

namespace Forge.LocalCloud.Workstation;

/// <summary>Reading a Forge document's parameters as its scripts would see them.</summary>
internal static class DocumentParameters
{
    /// <summary>
    /// The single value of a String parameter. SSM has already checked the values against the
    /// installed document; a missing one means someone installed a different document under Forge's name.
    /// </summary>
    public static bool TryGet(this MachineDocumentInvocation invocation, string name, out string value)
    {
        value = "";
        if (invocation.Parameters.TryGetValue(name, out var values) && values.Count == 1)
        {
            value = values[0];
            return true;
        }

        return false;
    }

    public static IReadOnlyList<string> List(this MachineDocumentInvocation invocation, string name) =>
        invocation.Parameters.GetValueOrDefault(name) ?? [];

    /// <summary>The failure a script prints when the installed document lacks a parameter it reads.</summary>
    public static MachineDocumentResult Missing(string document, string parameter) =>
        MachineDocumentResult.Failure($"{document}: the parameter {parameter} is missing; install the document from ForgeDocuments.");

    /// <summary>Failure with the <c>Document: message</c> prefix the scripts use.</summary>
    public static MachineDocumentResult Fail(string document, string message) =>
        MachineDocumentResult.Failure($"{document}: {message}");

    public static bool IsWindows(this MachineDocumentInvocation invocation) => invocation.Machine.Platform == "Windows";
}
