using Forge.Api.Cloud;
using Forge.Api.Hardening;
using Forge.Api.Lifecycle;
using Forge.Api.Persistence;
using Forge.Api.Pools;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Workstation;

/// <summary>
/// The cloud half of the engine's acting: one call to WorkSpaces (or the directory) per plan, the step
/// row it belongs to, and the workspace fields the call changes. It decides nothing; the planner did.
/// </summary>
public sealed partial class CloudStepExecutor(
    IWorkspaceCloud cloud, DirectoryGuard directories, PoolIdentityDirectory identities, ForgeDbContext db, WorkstationStepCatalog catalog,
    IOptions<LifecycleOptions> lifecycle, TimeProvider timeProvider, ILogger<CloudStepExecutor> logger)
{
    internal async Task ActAsync(Workspace workspace, WorkstationPlan plan, WorkspaceStepRecorder steps, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        switch (plan.Action)
        {
            case WorkstationAction.SecureDirectory:
                steps.Attempt(plan.Step);
                workspace.RegistrationCode = await directories.EnsureAsync(workspace.Region, workspace.DirectoryId, cancellationToken);
                steps.Succeeded(plan.Step);
                return;
            case WorkstationAction.BindIdentity:
                steps.Attempt(plan.Step);
                await identities.BindToOwnerAsync(PoolIdentities.Of(workspace), await OwnerAsync(workspace, cancellationToken), cancellationToken);
                await PrepareStepsAsync(workspace, cancellationToken); // the owner's volume: a member had no owner while it was built
                steps.Succeeded(plan.Step);
                return;
            case WorkstationAction.Create:
                if (workspace.CloudWorkspaceId is { } lost)
                {
                    steps.Failed(StepNames.WaitAvailable, $"The cloud no longer shows WorkSpace {lost}; creating another.", countAttempt: false, close: true);
                }

                steps.Attempt(StepNames.Create);
                if (workspace.IsUnclaimedPoolMember)
                {
                    await identities.CreateAsync(PoolIdentities.Of(workspace), cancellationToken); // a WorkSpace is bound to an existing user
                }

                var created = await cloud.EnsureCreatedAsync(Spec(workspace), cancellationToken);
                workspace.CloudWorkspaceId = created.WorkspaceId;
                workspace.CloudState = created.State;
                workspace.ActionIssuedAt = now;
                if (!workspace.IsUnclaimedPoolMember)
                {
                    await PrepareStepsAsync(workspace, cancellationToken);
                }

                steps.Succeeded(StepNames.Create);
                steps.Waiting(StepNames.WaitAvailable);
                return;
            default:
                steps.Attempt(plan.Step);
                await SendAsync(workspace, plan.Action, cancellationToken);
                workspace.ActionIssuedAt = now;
                return;
        }
    }

    /// <summary>Who a claimed member's identity is bound to, as the owner's newest token stated it.</summary>
    private async Task<IdentityOwner> OwnerAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var owner = await db.UserIdentities.AsNoTracking().SingleOrDefaultAsync(u => u.UserId == workspace.OwnerId, cancellationToken)
            ?? throw new WorkspaceCloudException($"Forge has not seen {workspace.OwnerId}'s directory user yet, so their groups cannot be mirrored.", terminal: false);
        return new IdentityOwner(owner.UserId, owner.DirectoryUser, EmailAddress: owner.Email);
    }

    /// <summary>A workspace that failed provisioning leaves nothing running: its WorkSpace goes, even one an interrupted create made.</summary>
    internal async Task TerminateFailedAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var id = workspace.CloudWorkspaceId ?? (await cloud.FindAsync(Spec(workspace), cancellationToken))?.WorkspaceId;
        if (id is not null)
        {
            await cloud.TerminateAsync(id, workspace.Region, cancellationToken);
            workspace.CloudWorkspaceId = id;
            LogTerminatedFailed(logger, workspace.Id, id);
        }
    }

    /// <summary>Lets the steps with slow preparation start it while the WorkSpace builds; a failure is theirs to report later.</summary>
    private async Task PrepareStepsAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        foreach (var step in catalog.All.OfType<IPreparedWhileBuilding>())
        {
            try
            {
                await step.PrepareAsync(workspace, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                LogPrepareFailed(logger, e, workspace.Id, ((IWorkstationStep)step).Name);
            }
        }
    }

    private async Task SendAsync(Workspace workspace, WorkstationAction action, CancellationToken cancellationToken)
    {
        var id = workspace.CloudWorkspaceId;
        if (action == WorkstationAction.Terminate && id is null)
        {
            // An interrupted create may have made a WorkSpace the database never heard of.
            id = (await cloud.FindAsync(Spec(workspace), cancellationToken))?.WorkspaceId;
            workspace.CloudWorkspaceId = id;
            if (id is null)
            {
                return;
            }
        }

        await (action switch
        {
            WorkstationAction.Stop => cloud.StopAsync(id!, workspace.Region, cancellationToken),
            WorkstationAction.Start => cloud.StartAsync(id!, workspace.Region, cancellationToken),
            WorkstationAction.Reboot => cloud.RebootAsync(id!, workspace.Region, cancellationToken),
            _ => cloud.TerminateAsync(id!, workspace.Region, cancellationToken),
        });
    }

    internal WorkspaceSpec Spec(Workspace w) =>
        new(w.Id, w.Region, w.DirectoryId, w.DirectoryUser, w.BundleId, w.OperatingSystem, w.Blueprint, lifecycle.Value.PolicyFor(w.Blueprint).AutoStopTimeoutMinutes);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Information, Message = "Workspace {WorkspaceId} failed provisioning; its WorkSpace {CloudWorkspaceId} is terminated")]
    private static partial void LogTerminatedFailed(ILogger logger, Guid workspaceId, string cloudWorkspaceId);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: preparing step {Step} failed; the step will try again when it runs")]
    private static partial void LogPrepareFailed(ILogger logger, Exception exception, Guid workspaceId, string step);
}
