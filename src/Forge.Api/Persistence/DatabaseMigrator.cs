using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Forge.Api.Persistence;

/// <summary>
/// Applies the provider's migrations before any hosted service starts (workers must never see an
/// old schema). On PostgreSQL, replicas starting together would otherwise migrate at the same time
/// (EF Core's own lock did not stop a second process from creating a table the first had just
/// created: 42P07), so the migration runs under a session advisory lock on a fixed Forge key, held
/// on a connection of its own: the first replica migrates, the others wait and find nothing to do.
/// </summary>
internal sealed partial class DatabaseMigrator(IServiceScopeFactory scopes, ILogger<DatabaseMigrator> logger) : IHostedLifecycleService
{
    /// <summary>"ForgeMig" in ASCII: the one-key advisory lock every Forge process takes to migrate.</summary>
    internal const long MigrationLockKey = 0x466F_7267_654D_6967;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        if (!db.IsPostgres)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(PersistenceServiceCollectionExtensions.SqliteFile(scope.ServiceProvider))!);
        }

        var applied = db.IsPostgres ? await MigrateUnderLockAsync(db, cancellationToken) : await MigrateAsync(db, cancellationToken);
        if (!db.IsPostgres)
        {
            // WAL lets the API read while a worker writes; it is a property of the file, set once.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }

        LogMigrated(logger, db.IsPostgres ? "PostgreSQL" : "SQLite", applied);
    }

    private static async Task<int> MigrateAsync(ForgeDbContext db, CancellationToken cancellationToken)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
        await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    private static async Task<int> MigrateUnderLockAsync(ForgeDbContext db, CancellationToken cancellationToken)
    {
        // Unpooled: the session that holds the lock ends with this method, so a lock can never stay behind in a pool.
        var connectionString = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Pooling = false }.ConnectionString;
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        // No command timeout: another replica's migration may take longer than one; stopping the host cancels the wait.
        await using (var take = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", connection) { CommandTimeout = 0 })
        {
            take.Parameters.AddWithValue("key", MigrationLockKey);
            await take.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            return await MigrateAsync(db, cancellationToken);
        }
        finally
        {
            await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
            release.Parameters.AddWithValue("key", MigrationLockKey);
            await release.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 1001, Level = LogLevel.Information, Message = "Database schema is current on {Provider} ({Applied} migrations applied by this process)")]
    private static partial void LogMigrated(ILogger logger, string provider, int applied);
}

/// <summary>Ready only while the database answers.</summary>
internal sealed class DatabaseHealthCheck(ForgeDbContext db) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await db.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("The database does not answer.");
}
