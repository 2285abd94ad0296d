using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Forge.Api.Persistence;

// Used only by `dotnet ef migrations add`: building a migration never connects to a database.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteForgeDbContext>
{
    public SqliteForgeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteForgeDbContext>().UseSqlite("Data Source=design.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresForgeDbContext>
{
    public PostgresForgeDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresForgeDbContext>().UseNpgsql("Host=localhost;Database=forge").Options);
}
