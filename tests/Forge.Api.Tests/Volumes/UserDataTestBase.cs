extern alias localcloud;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using localcloud::Forge.LocalCloud.Hosting;
using localcloud::Forge.LocalCloud.Machines;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Volumes;

/// <summary>
/// What the user-data suites share: workstations built, stopped, started and terminated through
/// Forge's API on the local cloud (the fake clock driven until they get there), single steps run in a
/// DI scope of the Forge process, the machine's view, and every log line Forge wrote.
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

    /// <summary>A workspace built through the API until ready: the provisioning pipeline mounted, applied and injected its user data.</summary>
    protected async Task<WorkspaceView> ReadyWorkspaceAsync(HttpClient client, string operatingSystem = "linux")
    {
        var created = await client.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem });
        return await UntilStatusAsync(client, created.Id, WorkspaceStatus.Ready);
    }

    protected Task<WorkspaceView> UntilStatusAsync(HttpClient client, Guid id, string status) =>
        Eventually.UntilAsync(Clock, () => client.GetWorkspaceAsync(id), w => w.Status == status, Step);

    /// <summary><c>DELETE /api/v1/workspaces/{id}</c>, then the fake clock driven until it is terminated.</summary>
    protected async Task<WorkspaceView> TerminateAsync(HttpClient client, Guid id)
    {
        ArgumentNullException.ThrowIfNull(client);
        Assert.Equal(HttpStatusCode.Accepted, (await client.DeleteAsync($"/api/v1/workspaces/{id}")).StatusCode);
        return await UntilStatusAsync(client, id, WorkspaceStatus.Terminated);
    }

    /// <summary><c>POST /api/v1/workspaces/{id}/{action}</c> (stop, start), then the fake clock driven until <paramref name="status"/>.</summary>
    protected async Task<WorkspaceView> TransitionAsync(HttpClient client, Guid id, string action, string status)
    {
        ArgumentNullException.ThrowIfNull(client);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync($"/api/v1/workspaces/{id}/{action}", null)).StatusCode);
        return await UntilStatusAsync(client, id, status);
    }

    /// <summary>The latest row of a step, which must exist.</summary>
    protected static WorkspaceStepView LastStep(WorkspaceView workspace, string name) =>
        workspace.Steps.LastOrDefault(s => s.Name == name) ?? throw new Xunit.Sdk.XunitException(
            $"No {name} step in [{string.Join(", ", workspace.Steps.Select(s => $"{s.Name}:{s.Status}"))}]");

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

    protected HttpClient Control() => new() { BaseAddress = LocalCloud.BaseAddress };

    /// <summary><c>GET /_localcloud/machines/{id}</c>.</summary>
    protected async Task<JsonObject> MachineViewAsync(string cloudWorkspaceId)
    {
        using var control = Control();
        return JsonNode.Parse(await control.GetStringAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}", UriKind.Relative)))!.AsObject();
    }

    /// <summary><c>PUT /_localcloud/machines/{id}/faults</c>: from now on each run of <paramref name="document"/> takes <paramref name="delay"/> longer.</summary>
    protected async Task SlowDocumentAsync(string cloudWorkspaceId, string document, TimeSpan delay)
    {
        using var control = Control();
        var response = await control.PutAsJsonAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}/faults", UriKind.Relative),
            new { documentDelaySeconds = new Dictionary<string, int> { [document] = (int)delay.TotalSeconds } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
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
