using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Forge.Cli.Tests;

/// <summary>
/// oidc-provider (npm) on a free loopback port, from <c>oidc/provider.mjs</c> (shared with the portal's browser suite,
/// which signs in with the authorization code flow as the client <c>forge-portal</c>); its packages are installed with
/// <c>npm ci</c> on first use. <see cref="ApproveAsync"/> does what the person at the browser does: opens the
/// verification link, confirms the code, signs in on the provider's development login form, and consents.
/// </summary>
public sealed partial class OidcProvider : IAsyncDisposable
{
    private readonly Process _node;

    private OidcProvider(Process node, int port)
    {
        _node = node;
        Issuer = $"http://127.0.0.1:{port}";
    }

    public string Issuer { get; }

    public static async Task<OidcProvider> StartAsync()
    {
        var folder = Folder();
        if (!File.Exists(Path.Combine(folder, "node_modules", "oidc-provider", "package.json")))
        {
            await RunAsync("npm", folder, "ci", "--no-audit", "--no-fund", "--loglevel=error");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("provider.mjs");
        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var node = Process.Start(start)!;
        var errors = node.StandardError.ReadToEndAsync();
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await node.StandardOutput.ReadLineAsync(limit.Token) is { } line)
        {
            if (line == "listening")
            {
                _ = node.StandardOutput.ReadToEndAsync(); // keep draining so the provider never blocks on a full pipe
                return new OidcProvider(node, port);
            }
        }

        throw new InvalidOperationException($"oidc-provider did not start: {await errors}");
    }

    /// <summary>Approves a device code as <paramref name="user"/>, through the provider's own pages.</summary>
    public async Task ApproveAsync(Uri verification, string user)
    {
        ArgumentNullException.ThrowIfNull(verification);
        Assert.StartsWith(Issuer + "/", verification.ToString(), StringComparison.Ordinal);
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true });
        var userCode = System.Web.HttpUtility.ParseQueryString(verification.Query)["user_code"]!;
        var page = await browser.GetStringAsync(verification);
        var device = new Uri(verification, "/device");
        page = await PostAsync(browser, device, new() { ["xsrf"] = Xsrf(page), ["user_code"] = userCode });
        var (at, html) = await PostWithUriAsync(browser, device, new() { ["xsrf"] = Xsrf(page), ["user_code"] = userCode, ["confirm"] = "yes" });
        for (var step = 0; step < 4 && PromptForm().Match(html) is { Success: true } form; step++)
        {
            var fields = new Dictionary<string, string> { ["prompt"] = form.Groups["prompt"].Value };
            if (form.Groups["prompt"].Value == "login")
            {
                fields["login"] = user;
                fields["password"] = "any password: the development login form takes any";
            }

            (at, html) = await PostWithUriAsync(browser, new Uri(at, WebUtility.HtmlDecode(form.Groups["action"].Value)), fields);
        }

        Assert.Contains("Sign-in Success", html, StringComparison.Ordinal);
    }

    private static string Xsrf(string page) => XsrfField().Match(page) is { Success: true } m ? m.Groups[1].Value
        : throw new InvalidOperationException("No xsrf field on the provider's page: " + page);

    private static async Task<string> PostAsync(HttpClient browser, Uri uri, Dictionary<string, string> fields) =>
        (await PostWithUriAsync(browser, uri, fields)).Html;

    private static async Task<(Uri At, string Html)> PostWithUriAsync(HttpClient browser, Uri uri, Dictionary<string, string> fields)
    {
        using var response = await browser.PostAsync(uri, new FormUrlEncodedContent(fields));
        response.EnsureSuccessStatusCode();
        return (response.RequestMessage!.RequestUri!, await response.Content.ReadAsStringAsync());
    }

    [GeneratedRegex("name=\"xsrf\" value=\"([^\"]+)\"")]
    private static partial Regex XsrfField();

    [GeneratedRegex("action=\"(?<action>[^\"]+)\"[^>]*method=\"post\">\\s*<input type=\"hidden\" name=\"prompt\" value=\"(?<prompt>\\w+)\"")]
    private static partial Regex PromptForm();

    private static async Task RunAsync(string file, string folder, params string[] args)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
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

    // The oidc/ folder beside this file, wherever a suite compiles it in (the portal's browser suite shares it).
    private static string Folder([CallerFilePath] string self = "") => Path.Combine(Path.GetDirectoryName(self)!, "oidc");

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_node.HasExited)
        {
            _node.Kill();
            await _node.WaitForExitAsync();
        }

        _node.Dispose();
    }
}
