namespace Forge.Api.Tests.Support;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>A fresh database for one test: the settings that point Forge at it.</summary>
public static class TestDatabase
{
    public static async Task<Dictionary<string, string?>> CreateAsync(DatabaseProvider provider)
    {
        if (provider == DatabaseProvider.Postgres)
        {
            var server = await PostgresServer.GetAsync();
            return new() { ["Persistence:PostgresConnectionString"] = await server.CreateDatabaseAsync() };
        }

        var folder = Path.Combine(Path.GetTempPath(), "forge-sqlite-" + Guid.NewGuid().ToString("N")[..12]);
        return new() { ["Persistence:DataDirectory"] = folder };
    }
}
