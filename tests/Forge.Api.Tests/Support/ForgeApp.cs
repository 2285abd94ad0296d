using Forge.Aws.Protocols;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Support;

/// <summary>
/// One Forge process under test: the real Program with its workers, on the test's database and
/// <see cref="FakeTimeProvider"/>, talking to the test's local cloud through a <see cref="CloudRecorder"/>.
/// Several may share a database (replicas).
/// </summary>
public sealed class ForgeApp(FakeTimeProvider clock, CloudRecorder recorder, IReadOnlyDictionary<string, string?> settings,
    Action<IServiceCollection>? services = null)
    : WebApplicationFactory<Program>
{
    /// <summary>Shared by every test process so tokens minted by one replica are valid on another.</summary>
    public const string SigningKey = "Zm9yZ2UtdGVzdHMtZm9yZ2UtdGVzdHMtZm9yZ2UtdGVzdHMhIQ==";

    public static Dictionary<string, string?> Defaults() => new()
    {
        ["EmbeddedLocalCloud:Enabled"] = "false",
        ["Aws:AccessKeyId"] = "forge-local",
        ["Aws:SecretAccessKey"] = "forge-local-secret",
        ["Auth:DevTokens:Enabled"] = "true",
        ["Auth:DevTokens:SigningKey"] = SigningKey,
        ["Http:RateLimit:PermitsPerWindow"] = "100000",
        // The client-side AWS rate limiter refills on the fake clock; tests that hold the clock still
        // (waiting for a hung create) must not run dry. Rate limiting has its own tests in Forge.Aws.
        ["Aws:Resilience:RequestsPerSecond:workspaces"] = "10000",
        // Nor may the other services: a call queued behind one that waits on the clock for a token is
        // busy, not waiting, so the processes would never settle until the clock moves.
        ["Aws:Resilience:DefaultRequestsPerSecond"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:fsx"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:secretsmanager"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:ssm"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:ds"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:cloudwatch"] = "10000",
        ["Aws:Resilience:RequestsPerSecond:sns"] = "10000",
        // The lifecycle manager would warn, stop and terminate the workstations of suites about other things
        // as their virtual hours pass; its own suite (Lifecycle/) turns it on.
        ["Lifecycle:Paused"] = "true",
        // Nor may the SLO alerts page about their slow (20-minute) builds into the sinks those suites read; the alert
        // suites (Alerts/, the portal's alerts page) turn them on.
        ["Alerts:Enabled"] = "false",
        // Nor may warm pools build members beside every suite's own workstations; the pool suites (Pools/) turn them on.
        ["Pools:Enabled"] = "false",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Forge.Api.Workstation.WorkspaceReconciler"] = "Error",
        ["Logging:LogLevel:Forge.Api.Jobs.JobWorkerHost"] = "Error",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in Defaults().Concat(settings))
        {
            builder.UseSetting(key, value);
        }

        var testServices = services;
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(clock);
            services.AddHttpClient(nameof(AwsTransport)).AddHttpMessageHandler(recorder.Handler);
            services.AddSingleton<IStartupFilter, TestPeerAddress>();
            services.AddSingleton<IStartupFilter>(new QuiescentRequests(clock));
            testServices?.Invoke(services);
        });
    }
}
