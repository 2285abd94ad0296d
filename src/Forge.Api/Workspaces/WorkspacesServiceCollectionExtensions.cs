using Forge.Api.Jobs;

namespace Forge.Api.Workspaces;

public static class WorkspacesServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.SectionName)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.ProvisionTimeout > TimeSpan.Zero && o.SettleTime > TimeSpan.Zero
                && o.LockLease > TimeSpan.Zero && o.LockRetryDelay > TimeSpan.Zero && o.SweepInterval > TimeSpan.Zero,
                "Workspaces durations must be positive.")
            .Validate(o => o.MaxStepAttempts >= 1, "Workspaces:MaxStepAttempts must be at least 1.")
            .ValidateOnStart();
        services.AddSingleton<WorkspaceChanges>();
        services.AddScoped<WorkspaceLocks>();
        services.AddScoped<WorkspaceExecutor>();
        services.AddScoped<IJobHandler, WorkspaceReconciler>();
        services.AddHostedService<WorkspaceReconcilerHost>();
        return services;
    }
}
