using Forge.LocalCloud.CloudWatch;
using Forge.LocalCloud.Control;
using Forge.LocalCloud.DirectoryService;
using Forge.LocalCloud.Faults;
using Forge.LocalCloud.Fsx;
using Forge.LocalCloud.Machines;
using Forge.LocalCloud.Mail;
using Forge.LocalCloud.Protocol;
using Forge.LocalCloud.SecretsManager;
using Forge.LocalCloud.Ssm;
using Forge.LocalCloud.WorkSpaces;
using Forge.LocalCloud.Workstation;
using Forge.LocalCloud.Slack;
using Forge.LocalCloud.Sns;
using Forge.LocalCloud.Webhooks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Forge.LocalCloud.Hosting;

/// <summary>
/// Builds the local cloud as its own web application: standalone (<c>Program</c>), embedded in
/// Forge's process, or started by a test on a free loopback port with a <c>FakeTimeProvider</c>.
/// </summary>
public static class LocalCloudServer
{
    /// <summary>Builds the application; <paramref name="clock"/> overrides the configured clock (tests).</summary>
    public static WebApplication Build(string[] args, TimeProvider? clock = null, Action<LocalCloudOptions>? configure = null) =>
        Build(CreateBuilder(args), clock, configure);

    /// <summary>
    /// Builds the application to run inside another program's process, configured by <paramref name="args"/>
    /// alone. That process's environment variables and appsettings files configure that program: read here,
    /// its <c>Kestrel:Endpoints</c> would move the local cloud onto the program's own port.
    /// </summary>
    public static WebApplication BuildEmbedded(string[] args)
    {
        var builder = CreateBuilder(args);
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddCommandLine(args);
        return Build(builder, clock: null, configure: null);
    }

    private static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateSlimBuilder(new WebApplicationOptions
    {
        Args = args,
        ApplicationName = typeof(LocalCloudServer).Assembly.GetName().Name,
        ContentRootPath = AppContext.BaseDirectory,
    });

    private static WebApplication Build(WebApplicationBuilder builder, TimeProvider? clock, Action<LocalCloudOptions>? configure)
    {
        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(LocalCloudDefaults.Url);
        }

        builder.Services.AddLocalCloud(builder.Configuration, clock, configure);
        var app = builder.Build();
        app.MapLocalCloud();
        return app;
    }

    /// <summary>Starts a local cloud on a free loopback port and returns it with its base address.</summary>
    public static async Task<RunningLocalCloud> StartAsync(TimeProvider? clock = null, Action<LocalCloudOptions>? configure = null,
        CancellationToken cancellationToken = default)
    {
        var app = Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"], clock, configure);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new RunningLocalCloud(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    public static IServiceCollection AddLocalCloud(this IServiceCollection services, IConfiguration configuration,
        TimeProvider? clock = null, Action<LocalCloudOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<LocalCloudOptions>()
            .Bind(configuration.GetSection(LocalCloudOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<LocalCloudOptions>>().Value);
        services.AddSingleton(sp => clock ?? CreateClock(sp.GetRequiredService<LocalCloudOptions>()));
        services.AddSingleton(sp => sp.GetRequiredService<LocalCloudOptions>().RandomSeed is { } seed ? new Random(seed) : new Random());
        services.AddSingleton<LocalIds>();
        services.AddSingleton(sp => new FaultInjector(sp.GetRequiredService<LocalCloudOptions>().Faults, sp.GetRequiredService<Random>()));
        services.AddSingleton(sp => new SigningClock(
            clock is not null ? [clock, TimeProvider.System]
            : sp.GetRequiredService<LocalCloudOptions>().Clock == LocalCloudClockMode.System ? [TimeProvider.System]
            : []));
        services.AddSingleton<SignatureVerifier>();
        services.AddSingleton<AwsRequestDispatcher>();
        services.AddSingleton<MachineRegistry>();
        services.AddLocalFsx().AddLocalDirectoryService();
        services.AddLocalSecretsManager().AddLocalSsm();
        services.AddLocalWorkSpaces();
        services.AddLocalCloudWatch().AddLocalSns().AddLocalWebhooks().AddLocalMail().AddLocalSlackApi();
        services.AddLocalWorkstation();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return services;
    }

    public static WebApplication MapLocalCloud(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var dispatcher = app.Services.GetRequiredService<AwsRequestDispatcher>();
        app.UseLoopbackOnlyControlSurface();
        app.MapPost("/", dispatcher.HandleAsync);
        app.MapPost("/service/{service}/operation/{operation}", dispatcher.HandleAsync);
        // restJson1 services answer on their operations' own routes, as their models bind them.
        foreach (var rest in app.Services.GetServices<Protocol.ILocalService>().Where(s => s.Service.Protocol == Forge.Aws.AwsProtocol.RestJson1))
        {
            foreach (var (method, path) in Models.ServiceModel.For(rest.Service)?.Routes ?? [])
            {
                app.MapMethods(path, [method], dispatcher.HandleAsync);
            }
        }

        app.MapControlApi();
        app.MapLocalSsmControl();
        app.MapWorkSpacesControlApi();
        app.MapCloudWatchControl().MapSnsControl().MapWebhookControl().MapSlackApiControl();
        app.MapMailControl();
        app.MapWorkstationControl();
        return app;
    }

    private static TimeProvider CreateClock(LocalCloudOptions options) => options.Clock switch
    {
        LocalCloudClockMode.Manual => new FakeTimeProvider(TimeProvider.System.GetUtcNow()),
        _ when Math.Abs(options.TimeScale - 1) > double.Epsilon => new ScaledTimeProvider(TimeProvider.System, options.TimeScale),
        _ => TimeProvider.System,
    };
}

/// <summary>A started local cloud; disposing it stops it.</summary>
public sealed class RunningLocalCloud(WebApplication app, Uri baseAddress) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = baseAddress;

    public IServiceProvider Services => app.Services;

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }
}
