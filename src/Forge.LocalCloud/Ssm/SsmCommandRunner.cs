using Forge.LocalCloud.Machines;
using Microsoft.Extensions.Options;

namespace Forge.LocalCloud.Ssm;

/// <summary>
/// Moves invocations along on the local cloud's clock: Pending until the machine is online and the
/// delivery time has passed, then InProgress (the document's handler runs on the machine at that
/// moment), then Success or Failed after the execution time. An invocation that the machine never
/// picks up before TimeoutSeconds ends TimedOut ("Delivery Timed Out"). State is computed from the
/// clock whenever it is read, and a timer on the same clock reads it every second so machines change
/// even when nobody polls.
/// </summary>
public sealed class SsmCommandRunner(
    MachineRegistry machines,
    IEnumerable<IMachineDocumentHandler> handlers,
    IOptions<LocalSsmOptions> options,
    TimeProvider clock) : IDisposable
{
    private const int MaxOutput = 24_000;
    private const int MaxError = 8_000;
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, IMachineDocumentHandler> _handlers =
        handlers.GroupBy(h => h.DocumentName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    private readonly List<ITimer> _timers = [];

    internal Lock Gate { get; } = new();

    internal void Start(SsmCommand command)
    {
        command.Timer = clock.CreateTimer(_ => OnTick(command), null, Tick, Tick);
        _timers.Add(command.Timer);
    }

    /// <summary>Brings one invocation up to <paramref name="now"/>. Call with <see cref="Gate"/> held.</summary>
    internal void Observe(SsmCommand command, SsmInvocation invocation, DateTimeOffset now)
    {
        if (invocation.StartedAt is null && !TryStart(command, invocation, now))
        {
            return;
        }

        var end = invocation.StartedAt!.Value + options.Value.ExecutionTime + invocation.ExtraRunTime;
        if (invocation.IsTerminal || now < end)
        {
            return;
        }

        var result = invocation.Result!;
        invocation.EndedAt = end;
        invocation.ResponseCode = result.ExitCode;
        invocation.Status = result.ExitCode == 0 ? "Success" : "Failed";
        invocation.StatusDetails = invocation.Status;
    }

    private bool TryStart(SsmCommand command, SsmInvocation invocation, DateTimeOffset now)
    {
        if (invocation.IsTerminal)
        {
            return false;
        }

        var machine = machines.FindByInstance(invocation.InstanceId);
        if (machine is null)
        {
            // The managed node is gone (WorkSpace terminated): the agent will never pick this up.
            invocation.Status = "Failed";
            invocation.StatusDetails = "Undeliverable";
            invocation.EndedAt = now;
            return false;
        }

        bool online;
        TimeSpan extraRunTime;
        lock (machine.Gate)
        {
            online = machine.Online;
            extraRunTime = machine.DocumentDelays.GetValueOrDefault(command.Record.DocumentName);
        }

        // The machine is taken to have been online since the last time it was seen offline.
        var start = (online ? invocation.OfflineSeenAt ?? command.RequestedDateTime : now) + options.Value.DeliveryTime;
        if (!online)
        {
            invocation.OfflineSeenAt = now;
        }

        if (start > command.DeliveryDeadline)
        {
            if (now >= command.DeliveryDeadline)
            {
                invocation.Status = "TimedOut";
                invocation.StatusDetails = "Delivery Timed Out";
                invocation.EndedAt = command.DeliveryDeadline;
            }

            return false;
        }

        if (!online)
        {
            return false;
        }

        if (now < start)
        {
            return false;
        }

        invocation.StartedAt = start;
        invocation.ExtraRunTime = extraRunTime;
        invocation.Status = "InProgress";
        invocation.StatusDetails = "InProgress";
        invocation.Result = Run(command, machine, start);
        return true;
    }

    private MachineDocumentResult Run(SsmCommand command, Machine machine, DateTimeOffset start)
    {
        var record = command.Record;
        if (!_handlers.TryGetValue(record.DocumentName, out var handler))
        {
            return MachineDocumentResult.Failure($"The local cloud does not implement the document {record.DocumentName}.");
        }

        lock (machine.Gate)
        {
            if (machine.DocumentFailures.GetValueOrDefault(record.DocumentName) is > 0 and var left)
            {
                machine.DocumentFailures[record.DocumentName] = left - 1;
                return MachineDocumentResult.Failure($"{record.DocumentName}: injected fault: the script failed on this machine.");
            }
        }

        MachineDocumentResult result;
        try
        {
            result = handler.Run(new MachineDocumentInvocation(machine, record.CommandId, record.DocumentName, record.DocumentVersion,
                command.EffectiveParameters, start));
        }
#pragma warning disable CA1031 // A failing handler is a failed invocation, as a crashing script would be.
        catch (Exception error)
#pragma warning restore CA1031
        {
            // The type only: a handler's message could carry a parameter value.
            result = MachineDocumentResult.Failure($"The document handler failed with {error.GetType().Name}.");
        }

        return result with
        {
            StandardOutput = Cap(result.StandardOutput, MaxOutput),
            StandardError = Cap(result.StandardError, MaxError),
        };
    }

    private void OnTick(SsmCommand command)
    {
        lock (Gate)
        {
            var now = clock.GetUtcNow();
            foreach (var invocation in command.Invocations.Values)
            {
                Observe(command, invocation, now);
            }

            if (command.Invocations.Values.All(i => i.IsTerminal) && command.Timer is { } timer)
            {
                timer.Dispose();
                _timers.Remove(timer);
                command.Timer = null;
            }
        }
    }

    private static string Cap(string text, int max) => text.Length <= max ? text : text[..max];

    public void Dispose()
    {
        lock (Gate)
        {
            _timers.ForEach(t => t.Dispose());
            _timers.Clear();
        }
    }
}
