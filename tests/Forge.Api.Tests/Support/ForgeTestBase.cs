using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Base of the database suites: written once, run by one subclass per provider. Each test gets a
/// fresh database, a <see cref="FakeTimeProvider"/>, a cloud on that clock, and Forge processes on all three.
/// </summary>
public abstract class ForgeTestBase : IAsyncLifetime
{
    private readonly List<ForgeApp> _apps = [];

    protected abstract DatabaseProvider Provider { get; }

    protected FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected FakeWorkspaceCloud Cloud { get; private set; } = null!;

    protected Dictionary<string, string?> Database { get; private set; } = [];

    public async Task InitializeAsync()
    {
        Cloud = new FakeWorkspaceCloud(Clock);
        Database = await TestDatabase.CreateAsync(Provider);
    }

    /// <summary>Starts a Forge process (a replica when called twice) on this test's database.</summary>
    protected ForgeApp StartForge(Dictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>(Database);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = new ForgeApp(Clock, Cloud, all);
        _ = app.Server; // start now: migrations run and workers begin
        _apps.Add(app);
        return app;
    }

    /// <summary>Stops a process the hard way for its jobs: whatever it held stays claimed until reaped.</summary>
    protected async Task KillAsync(ForgeApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _apps.Remove(app);
        await app.DisposeAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (Database.TryGetValue("Persistence:DataDirectory", out var folder) && folder is not null && Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
