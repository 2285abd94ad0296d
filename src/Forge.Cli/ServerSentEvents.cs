using System.Runtime.CompilerServices;
using System.Text;

namespace Forge.Cli;

/// <summary>One server-sent event: its type and its data lines joined.</summary>
public sealed record ServerSentEvent(string Type, string Data);

/// <summary>Reads a <c>text/event-stream</c> body (the WHATWG format: <c>event:</c> and <c>data:</c> fields, a blank line ends an event).</summary>
public static class ServerSentEvents
{
    public static async IAsyncEnumerable<ServerSentEvent> ReadAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var type = "message";
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Length > 0)
                {
                    yield return new ServerSentEvent(type, data.ToString(0, data.Length - 1));
                }

                type = "message";
                data.Clear();
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            if (field == "event")
            {
                type = value;
            }
            else if (field == "data")
            {
                data.Append(value).Append('\n');
            }
        }
    }
}
