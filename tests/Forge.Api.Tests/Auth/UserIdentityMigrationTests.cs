using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Forge.Api.Tests.Auth;

/// <summary>
/// Upgrading a database that already holds workspaces: the UserIdentities migration starts each
/// owner's view from their newest workspace request, refreshed then, older than any real token.
/// </summary>
public abstract class UserIdentityMigrationTests : IAsyncLifetime
{
    private Dictionary<string, string?> _settings = [];

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync() => _settings = await TestDatabase.CreateAsync(Provider);

    [Fact]
    public async Task Each_owner_starts_with_the_identity_of_their_newest_workspace()
    {
        var earlier = new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
        var later = earlier.AddHours(3);
        await using (var db = Context())
        {
            // Rows written with today's model, then the schema taken back to before UserIdentities (later
            // migrations' columns go, the rows stay): the database an upgrade from that release finds.
            await db.Database.MigrateAsync();
            db.Workspaces.AddRange(
                Workspace("alice", ["old team"], ["developer"], earlier),
                Workspace("alice", ["Platform Engineering", "payments"], ["team-lead"], later),
                Workspace("bob", ["infra"], ["developer"], earlier));
            await db.SaveChangesAsync();
            await db.GetService<IMigrator>().MigrateAsync("WorkspaceOwnerRoles");
        }

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            var identities = await db.UserIdentities.AsNoTracking().OrderBy(u => u.UserId).ToListAsync();

            Assert.Equal(["alice", "bob"], identities.Select(u => u.UserId));
            Assert.Equal(["Platform Engineering", "payments"], identities[0].Teams);
            Assert.Equal(["team-lead"], identities[0].Roles);
            Assert.Equal(later, identities[0].RefreshedAt);
            Assert.Equal(DateTimeOffset.UnixEpoch, identities[0].TokenIssuedAt);
            Assert.Equal(["infra"], identities[1].Teams);
            Assert.Equal(earlier, identities[1].RefreshedAt);
        }
    }

    private static Workspace Workspace(string owner, List<string> teams, List<string> roles, DateTimeOffset requestedAt) => new()
    {
        Id = Guid.CreateVersion7(requestedAt),
        OwnerId = owner,
        OwnerTeams = teams,
        OwnerRoles = roles,
        DirectoryUser = owner,
        Blueprint = "backend",
        OperatingSystem = "linux",
        BundleId = "wsb-test",
        Region = "us-east-1",
        RegionReason = "default",
        DirectoryId = "d-test",
        RequestFingerprint = "test",
        RequestedAt = requestedAt,
        UpdatedAt = requestedAt,
    };

    private ForgeDbContext Context()
    {
        if (_settings.TryGetValue("Persistence:PostgresConnectionString", out var postgres) && postgres is not null)
        {
            return new PostgresForgeDbContext(new DbContextOptionsBuilder<PostgresForgeDbContext>().UseNpgsql(postgres).Options);
        }

        var folder = _settings["Persistence:DataDirectory"]!;
        Directory.CreateDirectory(folder);
        return new SqliteForgeDbContext(new DbContextOptionsBuilder<SqliteForgeDbContext>()
            .UseSqlite($"Data Source={Path.Combine(folder, "forge.db")}").Options);
    }

    public async Task DisposeAsync()
    {
        if (_settings.TryGetValue("Persistence:PostgresConnectionString", out var postgres) && postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(postgres);
        }

        if (_settings.TryGetValue("Persistence:DataDirectory", out var folder) && folder is not null && Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

public sealed class UserIdentityMigrationTestsOnSqlite : UserIdentityMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class UserIdentityMigrationTestsOnPostgres : UserIdentityMigrationTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
