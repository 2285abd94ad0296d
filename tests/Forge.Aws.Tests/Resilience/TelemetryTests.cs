using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;

namespace Forge.Aws.Tests.Resilience;

/// <summary>
/// The pipelines report through Polly's standard telemetry when a logger factory is at hand: retries and
/// breaker state changes are logged (category <c>Polly</c>) and counted on the <c>Polly</c> meter,
/// tagged with the pipeline <c>aws-{service}</c>. Both tests share the process-wide meter, so they live
/// in one class (xUnit runs a class's tests one at a time).
/// </summary>
public sealed class TelemetryTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly CapturingLoggerProvider _logs = new();
    private readonly MeterListener _meter = new();
    private readonly ConcurrentQueue<(string Pipeline, string Event)> _events = new();

    public TelemetryTests()
    {
        _meter.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Polly" && instrument.Name == "resilience.polly.strategy.events")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meter.SetMeasurementEventCallback<int>((_, _, tags, _) => _events.Enqueue((Tag(tags, "pipeline.name"), Tag(tags, "event.name"))));
        _meter.Start();
    }

    [Fact]
    public async Task Through_dependency_injection_retries_and_breaker_state_changes_are_logged_and_metered()
    {
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace))
            .AddSingleton<TimeProvider>(_time);
        services.AddForgeAws(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:AccessKeyId"] = "forge-local",
            ["Aws:SecretAccessKey"] = "forge-local-secret",
            ["Aws:Resilience:RetryBaseDelay"] = "00:00:00",
            ["Aws:Resilience:RetryMaxDelay"] = "00:00:00",
            ["Aws:Resilience:BreakerMinimumThroughput"] = "2",
        }).Build());
        await using var provider = services.BuildServiceProvider();

        await RunScenarioAsync(provider.GetRequiredService<AwsResiliencePipelines>());

        AssertReported("OnRetry", "OnCircuitOpened", "OnCircuitHalfOpened", "OnCircuitClosed");
    }

    [Fact]
    public async Task Without_dependency_injection_a_logger_factory_given_to_Create_gets_the_same_telemetry()
    {
        using var loggerFactory = LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        var options = new AwsOptions { AccessKeyId = "forge-local", SecretAccessKey = "forge-local-secret" };
        (options.Resilience.RetryBaseDelay, options.Resilience.RetryMaxDelay, options.Resilience.BreakerMinimumThroughput) = (TimeSpan.Zero, TimeSpan.Zero, 2);

        await RunScenarioAsync(AwsClientFactory.Create(options, _time, loggerFactory: loggerFactory).Pipelines);

        AssertReported("OnRetry", "OnCircuitOpened", "OnCircuitHalfOpened", "OnCircuitClosed");
    }

    /// <summary>One call retried to success; one that fails until the breaker opens; after the break, a trial that closes it.</summary>
    private async Task RunScenarioAsync(AwsResiliencePipelines pipelines)
    {
        var pipeline = pipelines.For(AwsServices.WorkSpaces);
        var calls = 0;
        Assert.Equal("ok", await pipeline.ExecuteAsync(_ => ++calls == 1 ? throw Error("ThrottlingException", HttpStatusCode.BadRequest) : ValueTask.FromResult("ok")));

        await Assert.ThrowsAsync<BrokenCircuitException>(async () =>
            await pipeline.ExecuteAsync<string>(_ => throw Error("InternalServerError", HttpStatusCode.InternalServerError)));
        _time.Advance(AwsResilienceDefaults.BreakerBreakDuration);
        Assert.Equal("ok", await pipeline.ExecuteAsync(_ => ValueTask.FromResult("ok")));
    }

    private void AssertReported(params string[] events)
    {
        foreach (var name in events)
        {
            Assert.Contains(_logs.Entries, e => e.Category == "Polly" && e.Message.Contains($"'{name}'", StringComparison.Ordinal)
                && e.Message.Contains("aws-workspaces", StringComparison.Ordinal));
            Assert.Contains(("aws-workspaces", name), _events);
        }
    }

    private static AwsServiceException Error(string code, HttpStatusCode status) =>
        new("workspaces", "DescribeWorkspaces", code, "injected", status, "req-1", AwsErrorClassifier.IsTransient(code, status));

    private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags, string name)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == name)
            {
                return tag.Value?.ToString() ?? "";
            }
        }

        return "";
    }

    public void Dispose()
    {
        _meter.Dispose();
        _logs.Dispose();
    }
}
