extern alias localcloud;
using System.Reflection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Platform;

/// <summary>
/// Every <c>[LoggerMessage]</c> of the service names its own event id: an id finds one message in the
/// logs, whichever assembly wrote it. Forge.Api, Forge.Aws and the local cloud (embedded in Forge's
/// process by default) are one id space.
/// </summary>
public sealed class LogEventIdTests
{
    private static readonly Assembly[] Service =
    [
        typeof(Forge.Api.Jobs.JobQueue).Assembly,
        typeof(Forge.Aws.AwsOptions).Assembly,
        typeof(localcloud::Forge.LocalCloud.Hosting.LocalCloudServer).Assembly,
    ];

    [Fact]
    public void Every_log_message_has_an_event_id_no_other_message_uses()
    {
        var messages = Service.SelectMany(LogMessages).ToList();

        // The scan finds the messages it judges, so the test cannot pass by finding none.
        Assert.Contains(messages, m => m.Method.Contains("JobWorkerHost.LogPaused", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Method.StartsWith("Forge.LocalCloud.", StringComparison.Ordinal));
        Assert.Empty(messages.Where(m => m.EventId <= 0).Select(m => $"{m.Method} has no event id"));
        var shared = messages.GroupBy(m => m.EventId).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(m => m.Method).Order(StringComparer.Ordinal))}")
            .Order(StringComparer.Ordinal).ToList();
        Assert.True(shared.Count == 0, $"Event ids used by more than one log message:\n{string.Join("\n", shared)}");
    }

    private static IEnumerable<(int EventId, string Method)> LogMessages(Assembly assembly) =>
        from type in assembly.GetTypes()
        from method in type.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly)
        let attribute = method.GetCustomAttribute<LoggerMessageAttribute>()
        where attribute is not null
        select (attribute.EventId, $"{type.FullName}.{method.Name}");
}
