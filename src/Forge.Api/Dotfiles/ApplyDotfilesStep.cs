using Forge.Api.Persistence;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Directions = Forge.Aws.Ssm.ForgeDocuments.SyncDirections;

namespace Forge.Api.Dotfiles;

/// <summary>
/// <c>apply-dotfiles</c>, right after the user volume is mounted (in provisioning and after every
/// start): copies the dotfiles from the volume into the home, so they are there when it is ready. One
/// attempt within <see cref="DotfileOptions.ApplyTimeout"/> (30 s): late or failed, the step fails and
/// is reported (step list, log, audit) and the workspace is ready without it.
/// </summary>
public sealed class ApplyDotfilesStep(ForgeDbContext db, DotfileSync sync, IOptions<DotfileOptions> options, IOptions<VolumeOptions> volumes) : CommandStep
{
    public override string Name => StepNames.ApplyDotfiles;

    public override int MaxAttempts => 1;

    public override bool IsOptional => true;

    public override TimeSpan? CommandTimeout => options.Value.ApplyTimeout;

    public override bool AppliesTo(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MountUserVolumeStep.HasVolumes(volumes.Value, context.Workspace);
    }

    public override async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (!await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspace.Id, cancellationToken))
        {
            throw new WorkstationStepSkippedException("No user volume is mounted into this workspace, so there are no dotfiles to apply.");
        }

        return sync.Command(Directions.VolumeToHome);
    }

    public override Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken) =>
        Task.FromResult(sync.Judge(workspace, result, "dotfiles.apply", workspace?.Transition ?? "launch"));
}

/// <summary>
/// <c>persist-dotfiles</c>: copies the home's dotfiles to the user's volume before a stop or terminate,
/// on demand and periodically (the safety net for a stop Forge did not cause). Applies while a volume
/// is mounted; one attempt within <see cref="DotfileOptions.PersistTimeout"/>, and the transition goes on
/// either way (a failure is recorded and audited).
/// </summary>
public sealed class PersistDotfilesStep(DotfileSync sync, IOptions<DotfileOptions> options) : CommandStep
{
    public override string Name => StepNames.PersistDotfiles;

    public override int MaxAttempts => 1;

    public override bool IsOptional => true;

    public override TimeSpan? CommandTimeout => options.Value.PersistTimeout;

    public override bool AppliesTo(StepContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.VolumeMounted;
    }

    public override Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken) =>
        Task.FromResult<WorkstationCommand?>(sync.Command(Directions.HomeToVolume));

    public override Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken) =>
        Task.FromResult(sync.Judge(workspace, result, "dotfiles.persist", workspace?.Transition ?? "sync"));
}
