using Forge.Api.Jobs;

namespace Forge.Api.Workstation;

public static class WorkstationServiceCollectionExtensions
{
    /// <summary>The workstation engine: one job per workspace, its planner and executors, the sweep, and the SSM documents it sends.</summary>
    public static IServiceCollection AddWorkstationEngine(this IServiceCollection services)
    {
        services.AddSingleton<ForgeDocumentInstaller>();
        services.AddSingleton<WorkstationCommands>();
        services.AddScoped<WorkstationStepCatalog>();
        services.AddScoped<CloudStepExecutor>();
        services.AddScoped<CommandStepExecutor>();
        services.AddScoped<WorkspaceWakeups>();
        services.AddScoped<IJobHandler, WorkspaceReconciler>();
        services.AddHostedService<WorkspaceReconcilerHost>();
        return services;
    }

    /// <summary>Makes a command step known to the engine; where it runs is declared in <see cref="Transitions"/>, not by the order of registration.</summary>
    public static IServiceCollection AddWorkstationStep<T>(this IServiceCollection services)
        where T : class, IWorkstationStep => services.AddScoped<IWorkstationStep, T>();
}
