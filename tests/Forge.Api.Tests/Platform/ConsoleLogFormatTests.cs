using System.Text.Json;
using Forge.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Forge.Api.Tests.Platform;

/// <summary>
/// How a log event reaches the console: one JSON object by default, one readable line in Development
/// (appsettings.Development.json), and either one setting away (<c>Logging:Console:FormatterName</c>).
/// Each event goes through the console formatter the process chose, as the console logger does.
/// </summary>
public sealed class ConsoleLogFormatTests : ForgeTestBase
{
    private const string Message = "Database schema is current on SQLite";

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Development_prints_one_readable_line_per_event_and_every_other_environment_JSON_unless_told_otherwise()
    {
        var production = Format(StartForge().Services);
        var toldSimple = Format(StartForge(new() { ["Logging:Console:FormatterName"] = "simple" }).Services);
        await using var development = NewForge().WithWebHostBuilder(b => b.UseEnvironment("Development"));
        var readable = Format(development.Services);

        Assert.Equal(Message, JsonDocument.Parse(production).RootElement.GetProperty("Message").GetString());
        Assert.StartsWith("info: Forge.Api.Persistence.DatabaseMigrator[1001]", toldSimple, StringComparison.Ordinal);
        Assert.Matches($@"^\d\d:\d\d:\d\d info: Forge\.Api\.Persistence\.DatabaseMigrator\[1001\] {Message}\r?\n$", readable);
    }

    private static string Format(IServiceProvider services)
    {
        var name = services.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>().CurrentValue.FormatterName;
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == name);
        var entry = new LogEntry<string>(LogLevel.Information, "Forge.Api.Persistence.DatabaseMigrator", new EventId(1001, "LogMigrated"),
            Message, null, (state, _) => state);
        using var writer = new StringWriter();
        formatter.Write(in entry, new LoggerExternalScopeProvider(), writer);
        return writer.ToString();
    }
}
