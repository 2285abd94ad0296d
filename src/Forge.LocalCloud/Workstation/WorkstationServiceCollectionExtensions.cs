using Forge.LocalCloud.Ssm;

namespace Forge.LocalCloud.Workstation;

public static class WorkstationServiceCollectionExtensions
{
    /// <summary>
    /// What Forge's SSM documents do on the fake machines, and their fault settings. The documents
    /// themselves are not installed: Forge installs them with CreateDocument, and SSM runs a handler
    /// whenever a document of the same name is sent.
    /// </summary>
    public static IServiceCollection AddLocalWorkstation(this IServiceCollection services)
    {
        services.AddOptions<LocalWorkstationOptions>().BindConfiguration(LocalWorkstationOptions.SectionName);
        services.AddSingleton<MachineFaults>();
        return services
            .AddMachineDocumentHandler<JoinDomainHandler>()
            .AddMachineDocumentHandler<ApplySecurityProfileHandler>()
            .AddMachineDocumentHandler<ReportSecurityProfileHandler>()
            .AddMachineDocumentHandler<MountUserVolumeHandler>()
            .AddMachineDocumentHandler<UnmountUserVolumeHandler>()
            .AddMachineDocumentHandler<SyncDotfilesHandler>()
            .AddMachineDocumentHandler<InjectEnvironmentHandler>();
    }
}
