extern alias localcloud;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Lifecycle;
using Forge.Api.Tests.Volumes;

namespace Forge.Api.Tests.Lifecycle;

/// <summary>
/// What the lifecycle suites share: the test's local cloud runs its SMTP sink, where the e-mail channel sends; the
/// settings that turn the lifecycle on with e-mail notices; reading the sink; and moving the clock a pass at a time.
/// </summary>
public abstract class LifecycleTestBase : UserDataTestBase
{
    protected static readonly TimeSpan Pass = LifecycleDefaults.PassInterval;

    private readonly int _smtpPort = FreePort();

    protected override void ConfigureLocalCloud(localcloud::Forge.LocalCloud.LocalCloudOptions options) => options!.SmtpPort = _smtpPort;

    /// <summary>The lifecycle on, notices by e-mail to the local cloud's SMTP sink.</summary>
    protected Dictionary<string, string?> LifecycleWithEmail() => new()
    {
        ["Lifecycle:Paused"] = "false",
        ["Notifications:Email:Host"] = "127.0.0.1",
        ["Notifications:Email:Port"] = _smtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Notifications:Email:Security"] = "None",
        ["Notifications:Email:From"] = "Forge <forge@forge.test>",
    };

    /// <summary>The mail the SMTP sink received for <paramref name="to"/>.</summary>
    protected async Task<List<JsonElement>> MailAsync(string to)
    {
        using var control = Control();
        var page = await control.GetFromJsonAsync<JsonElement>(new Uri($"_localcloud/mail?to={to}", UriKind.Relative));
        return [.. page.GetProperty("mail").EnumerateArray()];
    }

    /// <summary>Moves the clock by <paramref name="by"/> at once and lets the processes catch up, then one more pass.</summary>
    protected async Task SettleAfterAsync(TimeSpan by)
    {
        if (by > TimeSpan.Zero)
        {
            Clock.Advance(by);
            await Clock.SettleAsync();
        }

        Clock.Advance(Pass);
        await Clock.SettleAsync();
    }

    private static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
