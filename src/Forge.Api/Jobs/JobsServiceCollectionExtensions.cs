namespace Forge.Api.Jobs;

public static class JobsServiceCollectionExtensions
{
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddOptions<JobOptions>().BindConfiguration(JobOptions.SectionName)
            .Validate(o => o.Workers is >= 1 and <= 64, "Jobs:Workers must be 1 to 64.")
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.HeartbeatInterval > TimeSpan.Zero && o.ReapInterval > TimeSpan.Zero,
                "Jobs intervals must be positive.")
            .Validate(o => o.HeartbeatTimeout > o.HeartbeatInterval * 2, "Jobs:HeartbeatTimeout must exceed two heartbeat intervals.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Jobs retry delays must be positive and ordered.")
            .ValidateOnStart();
        services.AddSingleton<JobSignal>();
        services.AddSingleton(sp => JobQuiescence.Of(sp.GetRequiredService<TimeProvider>()));
        services.AddScoped<JobQueue>();
        services.AddSingleton<JobWorkerHost>();
        services.AddHostedService(sp => sp.GetRequiredService<JobWorkerHost>());
        return services;
    }
}
