using System.Globalization;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.Options;

namespace Forge.Api.Cloud;

/// <summary>
/// Runs the local cloud inside Forge's process, started before the workers that call it. It is
/// configured from <see cref="EmbeddedLocalCloudOptions"/> only, never from Forge's own environment
/// variables and appsettings (whose Kestrel endpoints and urls are the API's).
/// </summary>
internal sealed partial class EmbeddedLocalCloud(IOptions<EmbeddedLocalCloudOptions> options, ILogger<EmbeddedLocalCloud> logger)
    : IHostedLifecycleService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>The embedded cloud's clock (faster than Forge's by its time scale) once it runs; null before, or when disabled.</summary>
    public TimeProvider? Clock => _app?.Services.GetRequiredService<TimeProvider>();

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }

        _app = LocalCloudServer.BuildEmbedded(
        [
            "--urls", settings.Url.ToString().TrimEnd('/'),
            "--LocalCloud:TimeScale=" + settings.TimeScale.ToString(CultureInfo.InvariantCulture),
            "--Logging:LogLevel:Default=Warning",
            .. settings.SmtpPort is { } smtp ? ["--LocalCloud:SmtpPort=" + smtp.ToString(CultureInfo.InvariantCulture)] : Array.Empty<string>(),
        ]);
        await _app.StartAsync(cancellationToken);
        LogStarted(logger, settings.Url, settings.TimeScale);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Embedded local cloud listening on {Url} (time scale {TimeScale})")]
    private static partial void LogStarted(ILogger logger, Uri url, double timeScale);
}
