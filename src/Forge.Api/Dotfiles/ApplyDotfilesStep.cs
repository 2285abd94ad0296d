using Forge.Api.Persistence;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Directions = Forge.Aws.Ssm.ForgeDocuments.SyncDirections;

namespace Forge.Api.Dotfiles;

/// <summary>
/// The provisioning pipeline's <c>apply-dotfiles</c>, right after the user volume is mounted: copies
/// the dotfiles from the volume into the workstation's home, so they are there when it is ready.
/// One attempt within <see cref="DotfileOptions.ApplyTimeout"/> (30 s): late or failed, the step fails
/// and is reported (step list, log, audit) and the workspace is ready without it.
/// </summary>
public sealed class ApplyDotfilesStep(IServiceScopeFactory scopes, IOptions<DotfileOptions> options, IOptions<VolumeOptions> volumes) : IWorkstationStep
{
    public string Name => UserDataSteps.ApplyDotfiles;

    public int MaxAttempts => 1;

    public TimeSpan RetryDelay => TimeSpan.Zero;

    public string? RepairStep => null;

    public bool IsOptional => true;

    public TimeSpan? CommandTimeout => options.Value.ApplyTimeout;

    public bool AppliesTo(Workspace workspace) => MountUserVolumeStep.HasVolumes(volumes.Value, workspace);

    public Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        if (!await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspace.Id, cancellationToken))
        {
            throw new WorkstationStepSkippedException("No user volume is mounted into this workspace, so there are no dotfiles to apply.");
        }

        var run = scope.ServiceProvider.GetRequiredService<DotfileSteps>().SyncCommand(Directions.VolumeToHome);
        return new WorkstationCommand(run.Document, run.Parameters);
    }

    public async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            return StepVerdict.Failure(JoinDomainStep.Reason(result));
        }

        await using var scope = scopes.CreateAsyncScope();
        var applied = await scope.ServiceProvider.GetRequiredService<DotfileSteps>().CompleteApplyAsync(workspace.Id, result.Output, cancellationToken);
        return applied.Succeeded ? StepVerdict.Success : StepVerdict.Failure(applied.Error!);
    }
}
