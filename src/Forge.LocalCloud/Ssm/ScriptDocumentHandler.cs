namespace Forge.LocalCloud.Ssm;

/// <summary>One script that a Run Command document was asked to run.</summary>
public sealed record RecordedScript(string InstanceId, string CommandId, string DocumentName, IReadOnlyList<string> Commands, DateTimeOffset Time);

/// <summary>
/// AWS-RunShellScript and AWS-RunPowerShellScript. The local cloud cannot run real scripts: the
/// invocation records the <c>commands</c> it was given (see <see cref="Scripts"/>) and succeeds with
/// empty output. Tests assert on what was asked, not on what a script would have done.
/// </summary>
public sealed class ScriptDocumentHandler(string documentName, ScriptLog log) : IMachineDocumentHandler
{
    public string DocumentName => documentName;

    public IReadOnlyList<RecordedScript> Scripts => log.Scripts;

    public MachineDocumentResult Run(MachineDocumentInvocation invocation)
    {
        ArgumentNullException.ThrowIfNull(invocation);
        log.Add(new RecordedScript(invocation.Machine.InstanceId, invocation.CommandId, invocation.DocumentName,
            invocation.Parameters.GetValueOrDefault("commands") ?? [], invocation.Now));
        return MachineDocumentResult.Success();
    }
}

/// <summary>The scripts the two AWS script documents were asked to run, oldest first.</summary>
public sealed class ScriptLog
{
    private readonly Lock _gate = new();
    private readonly List<RecordedScript> _scripts = [];

    public IReadOnlyList<RecordedScript> Scripts
    {
        get
        {
            lock (_gate)
            {
                return [.. _scripts];
            }
        }
    }

    internal void Add(RecordedScript script)
    {
        lock (_gate)
        {
            _scripts.Add(script);
        }
    }
}
