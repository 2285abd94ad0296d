using Forge.Api.DomainJoin;
using Forge.Api.Hardening;
using Forge.Api.Workstation;

namespace Forge.Api.Workspaces;

public static class WorkspacesServiceCollectionExtensions
{
    public static IServiceCollection AddWorkspaces(this IServiceCollection services)
    {
        services.AddOptions<WorkspaceOptions>().BindConfiguration(WorkspaceOptions.SectionName)
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.CommandPollInterval > TimeSpan.Zero && o.ProvisionTimeout > TimeSpan.Zero && o.SettleTime > TimeSpan.Zero
                && o.SweepInterval > TimeSpan.Zero,
                "Workspaces durations must be positive.")
            .Validate(o => o.MaxStepAttempts >= 1 && o.DomainJoinAttempts >= 1 && o.SecurityVerifyAttempts >= 1,
                "Workspaces:MaxStepAttempts, DomainJoinAttempts and SecurityVerifyAttempts must be at least 1.")
            .Validate(o => o.DomainJoinRetryDelay >= TimeSpan.Zero, "Workspaces:DomainJoinRetryDelay must not be negative.")
            .Validate(o => o.MaxLiveWorkspacesPerUser >= 1 && o.MaxEventStreamsPerUser >= 1 && o.MaxEventStreams >= o.MaxEventStreamsPerUser,
                "Workspaces:MaxLiveWorkspacesPerUser and MaxEventStreamsPerUser must be at least 1, and MaxEventStreams at least MaxEventStreamsPerUser.")
            .ValidateOnStart();
        services.AddOptions<SecurityProfileOptions>().BindConfiguration(SecurityProfileOptions.SectionName)
            .Validate(o => !o.Problems().Any(), "SecurityProfiles: every control must be one of the values Forge-ApplySecurityProfile accepts.")
            .ValidateOnStart();
        services.AddSingleton<DirectoryGuard>();
        services.AddSingleton<JoinCredentials>();
        services.AddHostedService<WorkstationSetup>();
        services.AddWorkstationEngine();
        services.AddWorkstationStep<JoinDomainStep>();
        services.AddWorkstationStep<ApplySecurityProfileStep>();
        services.AddWorkstationStep<VerifySecurityProfileStep>();
        services.AddSingleton<WorkspaceChanges>();
        services.AddSingleton<WorkspaceEventStreams>();
        return services;
    }
}
