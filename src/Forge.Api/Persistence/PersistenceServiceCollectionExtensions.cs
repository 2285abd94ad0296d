using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Persistence;

public static class PersistenceServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ForgeDbContext"/>: PostgreSQL when a connection string is configured,
    /// else SQLite. The provider is chosen when the context is first resolved, so configuration
    /// added late (tests) is honoured. Migrations run before anything else starts.
    /// </summary>
    public static IServiceCollection AddForgePersistence(this IServiceCollection services)
    {
        services.AddOptions<PersistenceOptions>().BindConfiguration(PersistenceOptions.SectionName).ValidateOnStart();
        services.AddDbContext<SqliteForgeDbContext>((sp, db) => db.UseSqlite(SqliteConnectionString(sp)));
        services.AddDbContext<PostgresForgeDbContext>((sp, db) =>
            db.UseNpgsql(sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.PostgresConnectionString));
        services.AddScoped<ForgeDbContext>(sp => sp.GetRequiredService<IOptions<PersistenceOptions>>().Value.UsesPostgres
            ? sp.GetRequiredService<PostgresForgeDbContext>()
            : sp.GetRequiredService<SqliteForgeDbContext>());
        services.AddHostedService<DatabaseMigrator>();
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
        return services;
    }

    internal static string SqliteFile(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<PersistenceOptions>>().Value;
        var root = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
        return Path.Combine(Path.GetFullPath(options.DataDirectory, root), "forge.db");
    }

    private static string SqliteConnectionString(IServiceProvider services) =>
        $"Data Source={SqliteFile(services)};Default Timeout=30";
}
