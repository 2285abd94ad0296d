extern alias localcloud;
using Forge.Api.Workspaces;
using Forge.Aws;
using Forge.Aws.WorkSpaces;
using localcloud::Forge.LocalCloud.Hosting;
using Forge.Api.Jobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Forge.Api.Cloud;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Base of the database suites: written once, run by one subclass per provider. Each test gets a
/// fresh database, a fake clock (<see cref="SettlingClock"/>), an in-process local cloud on that clock,
/// and Forge processes on all three.
/// </summary>
public abstract class ForgeTestBase : IAsyncLifetime
{
    private readonly List<ForgeApp> _apps = [];
    private readonly Dictionary<ForgeApp, IDisposable> _watched = [];
    private RunningLocalCloud? _cloud;

    protected abstract DatabaseProvider Provider { get; }

    protected SettlingClock Clock { get; } = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    protected CloudRecorder Cloud { get; } = new();

    protected Dictionary<string, string?> Settings { get; private set; } = [];

    /// <summary>The test's local cloud: its control surface and, for setup a test cannot do over HTTP, its services.</summary>
    protected RunningLocalCloud LocalCloud => _cloud!;

    public async Task InitializeAsync()
    {
        _cloud = await LocalCloudServer.StartAsync(Clock, ConfigureLocalCloud);
        Settings = await TestDatabase.CreateAsync(Provider);
        Settings["Aws:ServiceUrl"] = _cloud.BaseAddress.ToString();
    }

    /// <summary>Changes to the test's local cloud before it starts (a build time, an SMTP sink); none by default.</summary>
    protected virtual void ConfigureLocalCloud(localcloud::Forge.LocalCloud.LocalCloudOptions options)
    {
    }

    /// <summary>Starts a Forge process (a replica when called twice) on this test's database and cloud.</summary>
    protected ForgeApp StartForge(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var app = NewForge(settings, services);
        _ = app.Server; // start now: migrations run and workers begin
        _apps.Add(app);
        if (!app.Services.GetRequiredService<IOptions<JobOptions>>().Value.Paused)
        {
            _watched[app] = Clock.Watch(app.Services); // Eventually lets its workers catch up with the clock
        }

        return app;
    }

    protected ForgeApp NewForge(Dictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var all = new Dictionary<string, string?>(Settings);
        foreach (var (key, value) in settings ?? [])
        {
            all[key] = value;
        }

        return new ForgeApp(Clock, Cloud, all, services);
    }

    /// <summary>Stops a process the hard way for its jobs: whatever it held stays claimed until reaped.</summary>
    protected async Task KillAsync(ForgeApp app)
    {
        ArgumentNullException.ThrowIfNull(app);
        _apps.Remove(app);
        if (_watched.Remove(app, out var watching))
        {
            watching.Dispose();
        }

        await app.DisposeAsync();
    }

    /// <summary>The SNS topic <see cref="NotificationChannelsOnLocalCloud"/> points alerts at.</summary>
    protected const string AlertTopic = "arn:aws:sns:us-east-1:000000000000:forge-alerts";

    /// <summary>Settings that point Slack and PagerDuty at this test's local cloud webhook sinks and SNS at <see cref="AlertTopic"/>.</summary>
    protected Dictionary<string, string?> NotificationChannelsOnLocalCloud() => new()
    {
        ["Notifications:Slack:WebhookUrl"] = new Uri(LocalCloudAddress, "_localcloud/webhooks/slack").ToString(),
        ["Notifications:PagerDuty:RoutingKey"] = "test-routing-key",
        ["Notifications:PagerDuty:EventsUrl"] = new Uri(LocalCloudAddress, "_localcloud/webhooks/pagerduty").ToString(),
        ["Notifications:Sns:TopicArn"] = AlertTopic,
    };

    /// <summary>What the local cloud's webhook sink <paramref name="sink"/> received, oldest first (headers and body as sent).</summary>
    protected async Task<List<System.Text.Json.JsonElement>> WebhooksReceivedAsync(string sink)
    {
        using var http = new HttpClient { BaseAddress = LocalCloudAddress };
        var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(http, $"_localcloud/webhooks?name={sink}");
        return [.. page.GetProperty("webhooks").EnumerateArray()];
    }

    /// <summary>The test's local cloud, for its control surface (<c>/_localcloud/...</c>).</summary>
    protected Uri LocalCloudAddress => _cloud!.BaseAddress;

    /// <summary>
    /// A Forge.Aws client factory on the test's local cloud, as an operator's tool would use. Its
    /// rate limiter and retry delays run on real time: a test reading in a loop must not wait on
    /// the fake clock it has not advanced yet.
    /// </summary>
    protected AwsClientFactory CloudClients() => AwsClientFactory.Create(new AwsOptions
    {
        ServiceUrl = _cloud!.BaseAddress,
        AccessKeyId = "forge-local",
        SecretAccessKey = "forge-local-secret",
    }, TimeProvider.System);

    /// <summary>How many live WorkSpaces in the cloud carry this Forge id, asked of the cloud itself.</summary>
    protected async Task<int> CloudWorkspacesForAsync(Guid forgeId, string directoryUser, string region = "us-east-1")
    {
        var client = new WorkSpacesClient(AwsClientFactory.Create(new AwsOptions
        {
            ServiceUrl = _cloud!.BaseAddress,
            AccessKeyId = "forge-local",
            SecretAccessKey = "forge-local-secret",
        }, Clock));
        var count = 0;
        await foreach (var workspace in client.DescribeAllWorkspacesAsync(
            new DescribeWorkspacesRequest { DirectoryId = SeedInventory.For(region).DirectoryId, UserName = directoryUser }, region))
        {
            var tags = await client.DescribeTagsAsync(new DescribeTagsRequest { ResourceId = workspace.WorkspaceId! }, region);
            count += tags.TagList?.Any(t => t.Key == AwsWorkspaceCloud.ForgeIdTag && t.Value == forgeId.ToString()) == true
                && workspace.State is not ("TERMINATED" or "TERMINATING") ? 1 : 0;
        }

        return count;
    }

    public async Task DisposeAsync()
    {
        foreach (var watching in _watched.Values)
        {
            watching.Dispose();
        }

        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        if (_cloud is not null)
        {
            await _cloud.DisposeAsync();
        }

        if (Settings.TryGetValue("Persistence:PostgresConnectionString", out var postgres) && postgres is not null)
        {
            Npgsql.NpgsqlConnection.ClearAllPools();
            await (await PostgresServer.GetAsync()).DropDatabaseAsync(postgres);
        }

        if (Settings.TryGetValue("Persistence:DataDirectory", out var folder) && folder is not null && Directory.Exists(folder))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
