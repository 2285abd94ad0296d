using System.Net.Security;
using System.Net.Sockets;

namespace Forge.Cli;

/// <summary>Measures round-trip time from this machine to regions; answers only the regions that answered.</summary>
public interface IRegionProbe
{
    Task<IReadOnlyDictionary<string, int>> MeasureAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken);
}

/// <summary>
/// TCP connect plus TLS handshake to each region's public WorkSpaces endpoint
/// (<c>workspaces.&lt;region&gt;.amazonaws.com:443</c>), a few tries with a short timeout each, all regions at
/// once; a region's time is its fastest try. What the developer will feel is the network path to the region,
/// which is what Forge's region choice wants from the client (the server cannot measure it).
/// </summary>
public sealed class TlsRegionProbe : IRegionProbe
{
    public const int Tries = 3;
    public static readonly TimeSpan TryTimeout = TimeSpan.FromSeconds(2);

    public async Task<IReadOnlyDictionary<string, int>> MeasureAsync(IReadOnlyList<string> regions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(regions);
        var measured = await Task.WhenAll(regions.Select(async region => (region, ms: await FastestAsync(region, cancellationToken))));
        return measured.Where(m => m.ms is not null).ToDictionary(m => m.region, m => m.ms!.Value, StringComparer.Ordinal);
    }

    private static async Task<int?> FastestAsync(string region, CancellationToken cancellationToken)
    {
        var host = $"workspaces.{region}.amazonaws.com";
        int? best = null;
        for (var attempt = 0; attempt < Tries; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TryTimeout);
            var started = TimeProvider.System.GetTimestamp();
            try
            {
                using var tcp = new TcpClient { NoDelay = true };
                await tcp.ConnectAsync(host, 443, timeout.Token);
                await using var tls = new SslStream(tcp.GetStream());
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, timeout.Token);
                var ms = (int)Math.Ceiling(TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
                best = best is { } b ? Math.Min(b, ms) : ms;
            }
            catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException
                && !cancellationToken.IsCancellationRequested)
            {
                // Unreachable, refused or too slow this time: another try, or no time for this region.
            }
        }

        return best;
    }
}
