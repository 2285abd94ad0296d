using System.Net;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Workspaces;

/// <summary>Replicas of a new deployment start at the same moment on an empty PostgreSQL database.</summary>
public sealed class ReplicaStartupTests : ForgeTestBase
{
    private const int Replicas = 3;

    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;

    [Fact]
    public async Task Three_replicas_started_at_once_on_an_empty_database_all_serve_and_the_schema_is_migrated_once()
    {
        var logs = Enumerable.Range(0, Replicas).Select(_ => new LogCapture()).ToArray();
        var replicas = logs.Select(log => NewForge(
            new() { ["Logging:LogLevel:Microsoft.EntityFrameworkCore.Migrations"] = "Information" },
            s => s.AddSingleton<ILoggerProvider>(log))).ToArray();
        try
        {
            // Each start runs the migrations before the host starts (DatabaseMigrator); all three at once.
            var starts = replicas.Select(r => Task.Run(() => r.Server)).ToArray();
            var failure = await Record.ExceptionAsync(() => Task.WhenAll(starts));
            Assert.Null(failure);

            for (var i = 0; i < Replicas; i++)
            {
                var client = await replicas[i].ClientForAsync($"dev{i}");
                Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/workspaces")).StatusCode);
                await client.CreateWorkspaceAsync();
            }

            await using var scope = replicas[0].Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            var migrations = db.Database.GetMigrations().ToList();
            Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
            var applied = logs.Select(l => l.Lines.Count(line => line.Contains("Applying migration", StringComparison.Ordinal))).ToList();
            Assert.Equal(migrations.Count, applied.Sum());
            Assert.Equal(1, applied.Count(n => n > 0));
        }
        finally
        {
            foreach (var replica in replicas)
            {
                await replica.DisposeAsync();
            }
        }
    }
}
