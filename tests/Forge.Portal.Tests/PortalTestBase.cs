using System.Runtime.CompilerServices;
using Deque.AxeCore.Playwright;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Forge.Portal.Tests;

/// <summary>
/// A real Forge (the API suite's fixtures: the real Program on SQLite, its workers on the test's
/// <see cref="SettlingClock"/>, the in-process local cloud) listening on a loopback port, and a real browser: the
/// system's chromium driven by Playwright (never a browser Playwright downloads; <c>FORGE_CHROMIUM</c> names another
/// executable). Pages are checked with axe-core; screenshots go to <c>.test-artifacts/portal/</c> at the repository root.
/// </summary>
public abstract class PortalTestBase(ITestOutputHelper output) : ForgeTestBase, IAsyncLifetime
{
    /// <summary>
    /// How far the clock moves per round while the test waits on Forge's work, as in the CLI suite: under the 30 s timeout
    /// of a cloud call, so a round never times out a call still on its way.
    /// </summary>
    protected static readonly TimeSpan Step = TimeSpan.FromSeconds(15);

    private const string DefaultChromium = "/usr/bin/chromium";

    private ForgeApp? _forge;
    private IDisposable? _watching;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected ForgeApp Forge => _forge ?? throw new InvalidOperationException("Call StartPortal first.");

    /// <summary>Where the test's Forge listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    protected Uri BaseAddress { get; private set; } = default!;

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        var chromium = Environment.GetEnvironmentVariable("FORGE_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultChromium;
        Assert.True(File.Exists(chromium), $"No chromium at {chromium}: install the Debian package (apt-get install chromium; scripts/test.sh does) or set FORGE_CHROMIUM.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            // Root in CI and containers: chromium's sandbox needs user namespaces it may not have.
            Args = ["--no-sandbox"],
        });
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        _watching?.Dispose();
        if (_forge is not null)
        {
            await _forge.DisposeAsync();
        }

        await DisposeAsync();
    }

    /// <summary>Starts Forge on a free loopback port (Kestrel, not the in-memory test server: a browser needs a socket).</summary>
    protected void StartPortal(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = NewForge(settings, services);
        app.UseKestrel(0);
        app.StartServer();
        _watching = Clock.Watch(app.Services); // Eventually lets its workers catch up with the clock
        _forge = app;
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>A fresh browser context (its own cookies) on the portal, allowed to use the clipboard.</summary>
    protected async Task<IPage> NewPageAsync()
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Permissions = ["clipboard-read", "clipboard-write"],
        });
        context.SetDefaultTimeout(15_000);
        // Nothing beyond loopback: the test's Forge and OpenID provider are all a page may reach (the provider's own
        // pages ask for a web font, which must not hold a page's load up on a machine without network).
        await context.RouteAsync(url => !new Uri(url).IsLoopback, route => route.AbortAsync());
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on the development sign-in page as a person would: fills in the form and submits it.</summary>
    protected static async Task SignInAsync(IPage page, string user, string teams, params string[] roles)
    {
        ArgumentNullException.ThrowIfNull(page);
        await page.GotoAsync("/sign-in");
        await page.GetByLabel("User id").FillAsync(user);
        await page.GetByLabel("Teams", new() { Exact = true }).FillAsync(teams);
        foreach (var role in Roles.All)
        {
            await page.GetByLabel(role, new() { Exact = true }).SetCheckedAsync(roles.Contains(role));
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByText("Signed in as")).ToContainTextAsync(user);
    }

    /// <summary>An API client for <paramref name="user"/> with a development token, like any other client.</summary>
    protected async Task<HttpClient> ApiAsync(string user, string[]? teams = null, string[]? roles = null)
    {
        var client = await Forge.ClientForAsync(user, teams ?? ["Engineering"], roles);
        return client;
    }

    /// <summary>axe-core on the page as it is now: no serious or critical violation of WCAG 2.1 A and AA.</summary>
    protected static async Task AssertAccessibleAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] },
        });
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToList();
        Assert.True(serious.Count == 0, $"{page.Url}: " + string.Join("; ",
            serious.Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}")));
        Assert.True(result.Passes.Length > 0, "axe checked nothing");
    }

    /// <summary>A full-page screenshot kept as a test artefact; its path is printed.</summary>
    protected async Task<string> ScreenshotAsync(IPage page, string name)
    {
        ArgumentNullException.ThrowIfNull(page);
        var folder = Path.Combine(RepositoryRoot(), ".test-artifacts", "portal");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        output.WriteLine($"screenshot: {path} ({page.Url})");
        return path;
    }

    /// <summary>Reads what the page shows, moving the clock until <paramref name="done"/> (Forge's work happens on that clock).</summary>
    protected Task<T> DriveUntilAsync<T>(Func<Task<T>> read, Func<T, bool> done) => Eventually.UntilAsync(Clock, read, done, Step);

    /// <summary>Where a test writes what a reader of its output should see.</summary>
    protected ITestOutputHelper Output => output;

    private static string RepositoryRoot([CallerFilePath] string self = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(self)!, "..", ".."));
}
