using Forge.LocalCloud;
using Forge.LocalCloud.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Xunit.Sdk;

namespace Forge.Aws.Tests.Conformance;

/// <summary>
/// A started local cloud on a fake clock, with an <see cref="AwsClientFactory"/> whose every request is
/// judged against the official models by a <see cref="ModelConformanceHandler"/>; disposing it fails the
/// test if any request broke the model.
/// <para>
/// README, how a test class uses it: derive from it (xUnit then starts a fresh local cloud per test),
/// <c>public sealed class WorkSpacesClientTests : LocalCloudTestHost</c>, build clients from
/// <see cref="Aws"/> (<c>new WorkSpacesClient(Aws)</c>), move the world on with <c>Time.Advance(...)</c>,
/// and wrap calls that may retry or hit the breaker in <c>await RunAsync(() => client.XAsync(...))</c>
/// (<see cref="VirtualTime"/>) so their backoff passes in virtual time. Override
/// <see cref="ConfigureLocalCloud"/> (faults, durations) or <see cref="ConfigureAws"/> (resilience) to
/// change the set-up; reach the local cloud's services through <see cref="Cloud"/>. A test that sends a
/// model-breaking request on purpose asserts on <c>Conformance.TakeViolations()</c>. To share one local
/// cloud across a class, use it as <c>IClassFixture&lt;LocalCloudTestHost&gt;</c> instead. A harness that
/// wraps one (rather than deriving) starts it with <see cref="StartAsync"/>; override
/// <see cref="CreateInnerHandler"/> to record what reaches the wire below the conformance check.
/// </para>
/// </summary>
#pragma warning disable CA1001 // Disposed through IAsyncLifetime.DisposeAsync, which xUnit calls after each test.
public class LocalCloudTestHost : IAsyncLifetime
#pragma warning restore CA1001
{
    /// <summary>The fake clock's starting time: a Monday morning, fixed so that runs are reproducible.</summary>
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    private ModelConformanceHandler? _conformance;
    private AwsClientFactory? _aws;
    private RunningLocalCloud? _cloud;

    public LocalCloudTestHost()
        : this(Start)
    {
    }

    /// <summary>A host whose clock starts at <paramref name="start"/>, for tests whose world begins elsewhere.</summary>
    protected LocalCloudTestHost(DateTimeOffset start) => Time = new FakeTimeProvider(start);

    /// <summary>The one clock of the test: the local cloud's, and the clients' (signing, backoff, breaker).</summary>
    public FakeTimeProvider Time { get; }

    public AwsClientFactory Aws => _aws ?? throw NotStarted();

    public RunningLocalCloud Cloud => _cloud ?? throw NotStarted();

    public ModelConformanceHandler Conformance => _conformance ?? throw NotStarted();

    public virtual async Task InitializeAsync()
    {
        _cloud = await LocalCloudServer.StartAsync(Time, ConfigureLocalCloud);
        var cloudOptions = _cloud.Services.GetRequiredService<LocalCloudOptions>();
        var options = new AwsOptions
        {
            ServiceUrl = _cloud.BaseAddress,
            AccessKeyId = cloudOptions.AccessKeyId,
            SecretAccessKey = cloudOptions.SecretAccessKey,
            Resilience = GenerousLimits(),
        };
        ConfigureAws(options);
        _conformance = new ModelConformanceHandler(CreateInnerHandler());
        _aws = AwsClientFactory.Create(options, Time, _conformance);
        VirtualTime.Register(Time, _conformance);
    }

    /// <summary>Runs a client call in virtual time: see <see cref="VirtualTime"/>.</summary>
    public Task<T> RunAsync<T>(Func<Task<T>> operation) => VirtualTime.RunAsync(Time, operation);

    public Task RunAsync(Func<Task> operation) => VirtualTime.RunAsync(Time, operation);

    /// <summary>Fails with every recorded violation, one per line.</summary>
    public void AssertConformant()
    {
        var violations = _conformance?.Violations ?? [];
        if (violations.Count > 0)
        {
            throw new XunitException($"{violations.Count} request(s) broke the official model:{Environment.NewLine}"
                + string.Join(Environment.NewLine, violations));
        }
    }

    public async Task DisposeAsync()
    {
        VirtualTime.Unregister(Time);
        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }

        _conformance?.Dispose();
        AssertConformant();
    }

    protected virtual void ConfigureLocalCloud(LocalCloudOptions options)
    {
    }

    protected virtual void ConfigureAws(AwsOptions options)
    {
    }

    /// <summary>The handler under the conformance check: override to record or count what reaches the wire.</summary>
    protected virtual HttpMessageHandler CreateInnerHandler() => new SocketsHttpHandler();

    /// <summary>
    /// Starts a host without deriving from it, for harnesses that wrap one (disposing the host still
    /// fails on any model violation).
    /// </summary>
    public static async Task<LocalCloudTestHost> StartAsync(DateTimeOffset? start = null, Action<LocalCloudOptions>? cloud = null,
        Action<AwsOptions>? aws = null, Func<HttpMessageHandler>? innerHandler = null)
    {
        var host = new ConfiguredHost(start ?? Start, cloud, aws, innerHandler);
        await host.InitializeAsync();
        return host;
    }

    /// <summary>Client-side rate limits high enough that tests never queue for a permit unless they lower them.</summary>
    private static AwsResilienceOptions GenerousLimits()
    {
        var resilience = new AwsResilienceOptions { DefaultRequestsPerSecond = 1000 };
        foreach (var service in AwsServices.All)
        {
            resilience.RequestsPerSecond[service.Name] = 1000;
        }

        return resilience;
    }

    private sealed class ConfiguredHost(DateTimeOffset start, Action<LocalCloudOptions>? cloud, Action<AwsOptions>? aws,
        Func<HttpMessageHandler>? innerHandler) : LocalCloudTestHost(start)
    {
        protected override void ConfigureLocalCloud(LocalCloudOptions options) => cloud?.Invoke(options);

        protected override void ConfigureAws(AwsOptions options) => aws?.Invoke(options);

        protected override HttpMessageHandler CreateInnerHandler() => innerHandler?.Invoke() ?? base.CreateInnerHandler();
    }

    private static InvalidOperationException NotStarted() => new("The local cloud is started in InitializeAsync.");
}
