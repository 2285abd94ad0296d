extern alias localcloud;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Forge.Api.Security;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using localcloud::Forge.LocalCloud.Hosting;
using localcloud::Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Volumes;

/// <summary>
/// What the user-data suites share: ready workstations built through Forge's API on the local cloud,
/// the user-data steps run the way the provisioning pipeline will run them (a DI scope of the Forge
/// process, the fake clock driven until they finish), the machine's view, and every log line Forge wrote.
/// </summary>
public abstract class UserDataTestBase : ForgeTestBase
{
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    protected LogCollector Logs { get; } = new();

    protected ForgeApp StartForgeWithLogs(Dictionary<string, string?>? settings = null)
    {
        var app = StartForge(settings);
        app.Services.GetRequiredService<ILoggerFactory>().AddProvider(Logs);
        return app;
    }

    /// <summary>
    /// A ready workspace whose machine has joined the domain. The join is the regions/domain-join
    /// pipeline's step (issue 4), not this suite's: the machine is marked joined directly.
    /// </summary>
    protected async Task<WorkspaceView> ReadyWorkspaceAsync(HttpClient client, string operatingSystem = "linux")
    {
        var created = await client.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem });
        var ready = await Eventually.UntilAsync(Clock, () => client.GetWorkspaceAsync(created.Id), w => w.Status == WorkspaceStatus.Ready, Step);
        var machine = Machine(ready.CloudWorkspaceId!);
        lock (machine.Gate)
        {
            machine.Domain.Joined = true;
            machine.Domain.Name = SeedInventory.DomainName;
        }

        return ready;
    }

    protected Machine Machine(string cloudWorkspaceId) =>
        LocalCloud.Services.GetRequiredService<MachineRegistry>().FindByWorkspace(cloudWorkspaceId)
        ?? throw new InvalidOperationException($"No machine for {cloudWorkspaceId}.");

    /// <summary>Runs a step in a scope of <paramref name="app"/>, moving the fake clock by <paramref name="tick"/> until it ends.</summary>
    protected async Task<T> RunAsync<T>(ForgeApp app, Func<IServiceProvider, Task<T>> step, TimeSpan? tick = null)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(step);
        await using var scope = app.Services.CreateAsyncScope();
        var task = step(scope.ServiceProvider);
        for (var round = 0; !task.IsCompleted && round < 2000; round++)
        {
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System));
            if (!task.IsCompleted)
            {
                Clock.Advance(tick ?? TimeSpan.FromSeconds(1));
            }
        }

        return await task;
    }

    /// <summary>The launch steps, all expected to succeed; returns the dotfile apply's result.</summary>
    protected static async Task<UserDataStepResult> LaunchAsync(IServiceProvider services, Guid id)
    {
        var results = await services.GetRequiredService<UserDataLifecycle>().AfterAvailableAsync(id, [Roles.Developer], CancellationToken.None);
        Assert.All(results, r => Assert.True(r.Succeeded, $"{r.Step}: {r.Error}"));
        Assert.Equal([UserDataSteps.MountVolume, UserDataSteps.ApplyDotfiles, UserDataSteps.InjectSecrets], results.Select(r => r.Step));
        return results[1];
    }

    /// <summary>The terminate steps: persist (expected to succeed), then unmount, whose result is returned.</summary>
    protected static async Task<UserDataStepResult> BeforeTerminateAsync(IServiceProvider services, Guid id)
    {
        var results = await services.GetRequiredService<UserDataLifecycle>().BeforeShutdownAsync(id, "terminate", CancellationToken.None);
        Assert.Equal([UserDataSteps.PersistDotfiles, UserDataSteps.UnmountVolume], results.Select(r => r.Step));
        Assert.True(results[0].Succeeded, results[0].Error);
        return results[1];
    }

    protected HttpClient Control() => new() { BaseAddress = LocalCloud.BaseAddress };

    /// <summary><c>GET /_localcloud/machines/{id}</c>.</summary>
    protected async Task<JsonObject> MachineViewAsync(string cloudWorkspaceId)
    {
        using var control = Control();
        return JsonNode.Parse(await control.GetStringAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}", UriKind.Relative)))!.AsObject();
    }

    /// <summary>Edits a file on the workstation as its user would: <c>PUT /_localcloud/machines/{id}/files/{path}</c>.</summary>
    protected async Task PutHomeFileAsync(string cloudWorkspaceId, string path, string content)
    {
        using var control = Control();
        using var body = new StringContent(content);
        var response = await control.PutAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}/files/{path}", UriKind.Relative), body);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

/// <summary>Every log line of the Forge processes it is added to, formatted, for tests that check what was (not) logged.</summary>
public sealed class LogCollector : ILoggerProvider
{
    private readonly ConcurrentQueue<(string Category, int EventId, string Message)> _lines = new();

    public IReadOnlyList<(string Category, int EventId, string Message)> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new Collecting(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Collecting(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue((category, eventId.Id, formatter(state, exception) + (exception is null ? "" : "\n" + exception)));
    }
}
