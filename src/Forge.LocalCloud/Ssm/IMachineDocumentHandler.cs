using Forge.LocalCloud.Machines;

namespace Forge.LocalCloud.Ssm;

/// <summary>
/// What an SSM document does on a fake machine. One handler per document name, registered in DI
/// (<see cref="SsmServiceCollectionExtensions.AddMachineDocumentHandler{THandler}"/>); a document
/// without a handler fails on every machine with ResponseCode 1.
/// </summary>
public interface IMachineDocumentHandler
{
    /// <summary>The document this handler implements, e.g. <c>Forge-JoinDomain</c>.</summary>
    string DocumentName { get; }

    /// <summary>
    /// Runs the document once on <see cref="MachineDocumentInvocation.Machine"/> when the invocation
    /// starts (take <see cref="Machine.Gate"/> to change it). Called under the SSM service's lock: do
    /// not call back into SSM.
    /// </summary>
    MachineDocumentResult Run(MachineDocumentInvocation invocation);
}

/// <summary>One invocation of a document on one machine, with the parameters after defaults were applied.</summary>
public sealed record MachineDocumentInvocation(
    Machine Machine,
    string CommandId,
    string DocumentName,
    string DocumentVersion,
    IReadOnlyDictionary<string, IReadOnlyList<string>> Parameters,
    DateTimeOffset Now);

/// <summary>What a document run left: the exit code and the two output streams.</summary>
public sealed record MachineDocumentResult(int ExitCode, string StandardOutput = "", string StandardError = "")
{
    public static MachineDocumentResult Success(string standardOutput = "") => new(0, standardOutput);

    public static MachineDocumentResult Failure(string standardError, int exitCode = 1) => new(exitCode, "", standardError);
}
