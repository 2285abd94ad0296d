using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Forge.Bench;

/// <summary>What the benchmarks that run Forge's own Release build as a child process share: where it is, ports, readiness, tokens.</summary>
internal static class ForgeProcess
{
    /// <summary>The folder of Forge's Release build (built before the benchmark runs).</summary>
    public static string ApiFolder => Path.Combine(RepositoryRoot(), "src", "Forge.Api", "bin", "Release", "net10.0");

    public static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Forge.slnx")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Run the benchmark from inside the repository.");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until Forge answers <c>/readyz</c> (migrations done, workers started), at most <paramref name="within"/>.</summary>
    public static async Task WaitReadyAsync(HttpClient http, TimeSpan within)
    {
        ArgumentNullException.ThrowIfNull(http);
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < within)
        {
            try
            {
                using var response = await http.GetAsync("/readyz");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System);
        }

        throw new TimeoutException($"Forge did not become ready within {within.TotalSeconds:F0} s.");
    }

    /// <summary>A development token for <paramref name="user"/> with one role and these teams.</summary>
    public static async Task<string> DevTokenAsync(HttpClient http, string user, string role, IReadOnlyList<string> teams)
    {
        ArgumentNullException.ThrowIfNull(http);
        using var response = await http.PostAsJsonAsync("/api/v1/dev/tokens", new { user, teams, roles = new[] { role } });
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"POST /api/v1/dev/tokens answered {(int)response.StatusCode}, expected 200.");
        }

        using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
        return document.RootElement.GetProperty("token").GetString()!;
    }
}
