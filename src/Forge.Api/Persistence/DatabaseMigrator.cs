using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Forge.Api.Persistence;

/// <summary>
/// Applies the provider's migrations before any hosted service starts (workers must never see an
/// old schema). EF Core takes a database-wide migration lock, so replicas starting together on one
/// PostgreSQL apply each migration once.
/// </summary>
internal sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        if (!db.IsPostgres)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PersistenceServiceCollectionExtensions.SqliteFile(scope.ServiceProvider))!);
        }

        await db.Database.MigrateAsync(cancellationToken);
        if (!db.IsPostgres)
        {
            // WAL lets the API read while a worker writes; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger, db.IsPostgres ? "PostgreSQL" : "SQLite");
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database schema is current on {Provider}")]
    private static partial void LogMigrated(ILogger logger, string provider);
}

/// <summary>Ready only while the database answers.</summary>
internal sealed class DatabaseHealthCheck(ForgeDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
