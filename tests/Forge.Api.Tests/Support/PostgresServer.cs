using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Forge.Api.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for the whole test run: initdb into a temp folder, started on a
/// free loopback port with trust auth, stopped and removed when the run ends. initdb refuses to
/// run as root, so as root the cluster belongs to the <c>postgres</c> system user.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync);

    private PostgresServer(int port) => Port = port;

    public int Port { get; }

    public static Task<PostgresServer> GetAsync() => Shared.Value;

    /// <summary>A new, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "forge_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(ConnectionString("postgres")))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }

        return ConnectionString(name);
    }

    /// <summary>Drops a test's database when the test ends, so the cluster stays small and quick to remove.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await using var connection = new NpgsqlConnection(ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Maximum Pool Size=40;Include Error Detail=true";

    private static async Task<PostgresServer> StartAsync()
    {
        RemoveStaleClusters();
        var root = Path.Combine(Path.GetTempPath(), "forge-pg-" + Guid.NewGuid().ToString("N")[..8]);
        var data = Path.Combine(root, "data");
        Directory.CreateDirectory(root);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", root], asPostgres: false);
        }

        await RunAsync(Tool("initdb"), ["-D", data, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8"], asRoot);
        var port = FreePort();
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400";
        await RunAsync(Tool("pg_ctl"), ["-D", data, "-l", Path.Combine(root, "postgres.log"), "-w", "-o", options, "start"], asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            RunAsync(Tool("pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot).GetAwaiter().GetResult();
            DeleteQuietly(root);
        };
        return new PostgresServer(port);
    }

    private static readonly string[] ToolFolders = ["/usr/local/bin", "/usr/lib/postgresql/15/bin", "/usr/bin"];

    private static string Tool(string name) =>
        ToolFolders.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists)
        ?? name;

    private static async Task RunAsync(string file, string[] args, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : file)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(a);
            }
        }

        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    // A run that was killed cannot clean up after itself; a later run removes clusters no server runs
    // in and nobody touched for an hour (a concurrent run's fresh folder has no server yet either).
    private static void RemoveStaleClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "forge-pg-*"))
        {
            var idle = TimeProvider.System.GetUtcNow() - new DateTimeOffset(Directory.GetLastWriteTimeUtc(folder), TimeSpan.Zero);
            if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid")) && idle > TimeSpan.FromHours(1))
            {
                DeleteQuietly(folder);
            }
        }
    }

    private static void DeleteQuietly(string folder)
    {
        for (var attempt = 0; attempt < 3 && Directory.Exists(folder); attempt++)
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A server process may still be closing files; try again.
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
