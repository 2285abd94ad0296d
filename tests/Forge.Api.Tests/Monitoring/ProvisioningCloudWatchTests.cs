using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Forge.Api.Monitoring;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Aws.Protocols;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Forge.Api.Tests.Monitoring;

/// <summary>
/// The provisioning records published to CloudWatch (the local cloud on the test clock): batched
/// values/counts with the configured dimensions, nothing lost or repeated across a 10-minute outage
/// and a restart, and the backlog bound that drops the oldest, counted.
/// </summary>
public abstract class ProvisioningCloudWatchTests : ForgeTestBase
{
    private const string Namespace = "Forge/Test";
    private static readonly string[] Blueprints = ["backend", "frontend", "data", "ml", "mobile"];
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "ap-southeast-2"];
    private readonly PutMetricDataCalls _calls = new();

    [Fact]
    public async Task Every_record_arrives_once_in_batches_of_at_most_1000_metrics_with_the_configured_dimensions()
    {
        var (app, publisher) = Start();
        var start = Minute(Clock.GetUtcNow());
        // 5 blueprints x 3 regions x 3 paths x 2 outcomes over 8 minutes: well over 1 000 data, so several requests.
        var records = Generate(new Random(3), start, minutes: 8, perMinute: 120);
        await SeedAsync(app, records);

        Clock.Advance(TimeSpan.FromMinutes(10));
        var stats = await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((records.Count, 0, 0L), (stats.Records, stats.Failed, stats.Dropped));
        Assert.True(_calls.Sizes.Count >= 2, $"{_calls.Sizes.Count} requests");
        Assert.Equal(stats.Requests, _calls.Sizes.Count);
        Assert.All(_calls.Sizes, s => Assert.True(s.Metrics <= 1000 && s.Bytes <= 1024 * 1024, $"{s.Metrics} metrics, {s.Bytes} bytes"));
        await AssertPublishedExactlyAsync(records);
        var datum = (await StoredAsync()).First();
        Assert.Equal(["Blueprint", "Region", "Path", "Outcome"], datum.GetProperty("dimensions").EnumerateArray().Select(d => d.GetProperty("name").GetString()));

        // Another pass sends nothing again.
        Clock.Advance(TimeSpan.FromMinutes(1));
        var again = await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);
        Assert.Equal((0, 0), (again.Requests, again.Records));
        await AssertPublishedExactlyAsync(records);
    }

    [Fact]
    public async Task CloudWatch_unavailable_for_10_minutes_and_a_restart_lose_no_datum_and_repeat_none()
    {
        var (app, publisher) = Start();
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var random = new Random(9);
        var records = new List<ProvisioningRecord>();
        await SetFaultAsync(control, down: true);
        for (var minute = 0; minute < 10; minute++)
        {
            var batch = Generate(random, Minute(Clock.GetUtcNow()), minutes: 1, perMinute: 15);
            await SeedAsync(app, batch);
            records.AddRange(batch);
            Clock.Advance(TimeSpan.FromMinutes(1));
            var failed = await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);
            // The first minute is not yet settled on the first pass; from the second pass on, each one fails.
            Assert.Equal((minute == 0 ? 0 : 1, 0), (failed.Failed, failed.Records));
        }

        Assert.Empty(await StoredAsync());
        await SetFaultAsync(control, down: false);

        // A restart while CloudWatch was down: the new process starts from the stored mark.
        await KillAsync(app);
        (app, publisher) = Start();
        Clock.Advance(TimeSpan.FromMinutes(2));
        var recovered = await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);

        Assert.Equal((0, records.Count, 0L), (recovered.Failed, recovered.Records, recovered.Dropped));
        await AssertPublishedExactlyAsync(records);
    }

    [Fact]
    public async Task Past_the_backlog_bound_the_oldest_records_are_dropped_counted_and_warned_about()
    {
        var logs = new LogCapture();
        var (app, publisher) = Start(new() { ["Monitoring:CloudWatch:MaxBacklog"] = "00:30:00" }, logs);
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None); // the mark starts here
        await SetFaultAsync(control, down: true);
        var records = Generate(new Random(4), Minute(Clock.GetUtcNow()), minutes: 60, perMinute: 2);
        await SeedAsync(app, records);
        Clock.Advance(TimeSpan.FromMinutes(61));
        await SetFaultAsync(control, down: false);

        var stats = await publisher.RunOnceAsync(Clock.GetUtcNow(), CancellationToken.None);

        var oldest = Minute(Clock.GetUtcNow() - TimeSpan.FromMinutes(1)) - TimeSpan.FromMinutes(30);
        var kept = records.Where(r => r.FinishedAt >= oldest).ToList();
        Assert.Equal(records.Count - kept.Count, stats.Dropped);
        Assert.True(stats.Dropped > 0);
        Assert.Equal(kept.Count, stats.Records);
        await AssertPublishedExactlyAsync(kept);
        Assert.Contains(logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains($"{stats.Dropped} provisioning records", StringComparison.Ordinal));
        // At least: the meter listener also sees the other Forge processes of tests running alongside.
        var scrape = await app.CreateClient().GetStringAsync("/metrics");
        var dropped = scrape.Split('\n').Single(l => l.StartsWith("forge_monitoring_cloudwatch_dropped_total{", StringComparison.Ordinal));
        Assert.True(double.Parse(dropped[(dropped.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture) >= stats.Dropped, dropped);
    }

    private (ForgeApp App, CloudWatchPublisher Publisher) Start(Dictionary<string, string?>? settings = null, LogCapture? logs = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Jobs:Paused"] = "true",
            ["Monitoring:CloudWatch:Namespace"] = Namespace,
            // Polly's retries at once: the test plays the minutes, not the backoff.
            ["Aws:Resilience:MaxRetryAttempts"] = "1",
            ["Aws:Resilience:RetryBaseDelay"] = "00:00:00",
            ["Aws:Resilience:RetryMaxDelay"] = "00:00:00",
        };
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        var app = StartForge(all, services =>
        {
            services.AddHttpClient(nameof(AwsTransport)).AddHttpMessageHandler(() => new Recorder(_calls));
            if (logs is not null)
            {
                services.AddLogging(b => b.AddProvider(logs));
            }
        });
        return (app, app.Services.GetRequiredService<CloudWatchPublisher>());
    }

    private static List<ProvisioningRecord> Generate(Random random, DateTimeOffset from, int minutes, int perMinute)
    {
        var records = new List<ProvisioningRecord>();
        for (var i = 0; i < minutes * perMinute; i++)
        {
            var finished = from + TimeSpan.FromMinutes(i / perMinute) + TimeSpan.FromMilliseconds(random.Next(60_000));
            var duration = TimeSpan.FromSeconds(random.Next(60, 400));
            var failed = random.NextDouble() < 0.2;
            records.Add(new ProvisioningRecord
            {
                WorkspaceId = Guid.NewGuid(), OwnerId = "owner", OwnerTeams = "|", RequestedAt = finished - duration, FinishedAt = finished,
                DurationMs = (long)duration.TotalMilliseconds, Outcome = failed ? ProvisioningOutcomes.Failed : ProvisioningOutcomes.Ready,
                FailureReason = failed ? "wait" : "", Blueprint = Blueprints[random.Next(Blueprints.Length)], OperatingSystem = "linux",
                Region = Regions[random.Next(Regions.Length)], Path = ProvisioningPaths.All[random.Next(ProvisioningPaths.All.Count)],
            });
        }

        return records;
    }

    private static async Task SeedAsync(ForgeApp app, IEnumerable<ProvisioningRecord> records)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        db.AddRange(records);
        await db.SaveChangesAsync();
    }

    private static Task SetFaultAsync(HttpClient control, bool down) => control.PutAsJsonAsync("/_localcloud/faults", new
    {
        faults = down ? new[] { new { service = "cloudwatch", operation = "PutMetricData", errorCode = "ServiceUnavailable", statusCode = 503 } } : [],
    }).ContinueWith(t => Assert.Equal(HttpStatusCode.OK, t.Result.StatusCode), TaskScheduler.Default);

    private async Task<List<JsonElement>> StoredAsync()
    {
        using var control = new HttpClient { BaseAddress = LocalCloudAddress };
        var body = await control.GetFromJsonAsync<JsonElement>($"/_localcloud/cloudwatch/metrics?namespace={Uri.EscapeDataString(Namespace)}");
        return [.. body.GetProperty("metrics").EnumerateArray()];
    }

    /// <summary>Per minute and dimension set: the durations' values and counts, the request count and the SLA count equal the records'.</summary>
    private async Task AssertPublishedExactlyAsync(IReadOnlyCollection<ProvisioningRecord> records)
    {
        static string Key(DateTimeOffset minute, string blueprint, string region, string path, string outcome) => $"{minute:O}|{blueprint}|{region}|{path}|{outcome}";
        var expected = records.GroupBy(r => Key(Minute(r.FinishedAt), r.Blueprint, r.Region, r.Path, r.Outcome)).ToDictionary(
            g => g.Key, g => (Durations: string.Join(",", g.Select(r => r.DurationMs / 1000.0).Order()), Requests: (double)g.Count(),
                WithinSla: (double)g.Count(r => r.Outcome == ProvisioningOutcomes.Ready && r.DurationMs <= 300_000)));
        var stored = await StoredAsync();
        var actual = new Dictionary<string, (List<double> Durations, double Requests, double WithinSla)>();
        foreach (var datum in stored)
        {
            var d = datum.GetProperty("dimensions").EnumerateArray().ToDictionary(x => x.GetProperty("name").GetString()!, x => x.GetProperty("value").GetString()!);
            var key = Key(datum.GetProperty("timestamp").GetDateTimeOffset(), d["Blueprint"], d["Region"], d["Path"], d["Outcome"]);
            var entry = actual.GetValueOrDefault(key, ([], 0, 0));
            switch (datum.GetProperty("metricName").GetString())
            {
                case CloudWatchDatumBuilder.DurationMetric:
                    var values = datum.GetProperty("values").EnumerateArray().Select(v => v.GetDouble()).ToList();
                    var counts = datum.GetProperty("counts").EnumerateArray().Select(v => v.GetDouble()).ToList();
                    entry.Durations.AddRange(values.SelectMany((v, i) => Enumerable.Repeat(v, (int)counts[i])));
                    break;
                case CloudWatchDatumBuilder.RequestsMetric:
                    entry.Requests += datum.GetProperty("value").GetDouble();
                    break;
                case CloudWatchDatumBuilder.WithinSlaMetric:
                    entry.WithinSla += datum.GetProperty("value").GetDouble();
                    break;
            }

            actual[key] = entry;
        }

        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, want) in expected)
        {
            var got = actual[key];
            Assert.Equal(want, (string.Join(",", got.Durations.Order()), got.Requests, got.WithinSla));
        }
    }

    private static DateTimeOffset Minute(DateTimeOffset time) => new(time.UtcTicks - (time.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);

    /// <summary>Each PutMetricData request Forge sent: how many metrics and how many bytes.</summary>
    private sealed class PutMetricDataCalls
    {
        public ConcurrentQueue<(int Metrics, int Bytes)> Sizes { get; } = new();
    }

    private sealed class Recorder(PutMetricDataCalls calls) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode && request.Headers.TryGetValues("X-Amz-Target", out var targets)
                && targets.First().EndsWith(".PutMetricData", StringComparison.Ordinal) && request.Content is not null)
            {
                var body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
                calls.Sizes.Enqueue((JsonNode.Parse(body)!["MetricData"]!.AsArray().Count, body.Length));
            }

            return response;
        }
    }
}

public sealed class ProvisioningCloudWatchTestsOnSqlite : ProvisioningCloudWatchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class ProvisioningCloudWatchTestsOnPostgres : ProvisioningCloudWatchTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
