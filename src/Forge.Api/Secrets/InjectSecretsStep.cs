using Forge.Api.Security;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>
/// The provisioning pipeline's <c>inject-secrets</c>: the owner's secrets (user, and the teams and
/// roles they have now: <see cref="CurrentIdentities"/>) as <c>NAME=arn</c> references through
/// Forge-InjectEnvironment; the machine resolves the values. The plan is marked sent when the command
/// goes out and its fingerprint remembered (and the injection audited as succeeded) only once the
/// command succeeded, so <see cref="SecretRotationHost"/> re-injects exactly when the workstation's
/// secrets and Secrets Manager's differ, and after any failure. Optional: a workspace whose injection
/// fails is ready, with the step's error shown, and the rotation pass tries again.
/// </summary>
public sealed class InjectSecretsStep(IServiceScopeFactory scopes, IOptions<SecretOptions> options, IOptions<WorkspaceOptions> workspaceOptions)
    : IWorkstationStep
{
    public string Name => UserDataSteps.InjectSecrets;

    public int MaxAttempts => workspaceOptions.Value.MaxStepAttempts;

    public TimeSpan RetryDelay => workspaceOptions.Value.PollInterval;

    public string? RepairStep => null;

    public bool IsOptional => true;

    public TimeSpan? CommandTimeout => options.Value.CommandTimeout;

    public bool AppliesTo(Workspace workspace) => true;

    public Task PrepareAsync(Workspace workspace, CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        await using var scope = scopes.CreateAsyncScope();
        var secrets = scope.ServiceProvider.GetRequiredService<SecretSteps>();
        var owner = await OwnerAsync(scope.ServiceProvider.GetRequiredService<CurrentIdentities>(), workspace.OwnerId, cancellationToken);
        var (plan, run) = await secrets.PrepareAsync(workspace.Region, owner, null, cancellationToken);
        await secrets.RememberSentAsync(workspace.Id, workspace.Region, owner, plan, cancellationToken);
        return new WorkstationCommand(run.Document, run.Parameters);
    }

    public async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        var error = result.Succeeded ? null : JoinDomainStep.Reason(result);
        await using var scope = scopes.CreateAsyncScope();
        var owner = await OwnerAsync(scope.ServiceProvider.GetRequiredService<CurrentIdentities>(), workspace.OwnerId, cancellationToken);
        await scope.ServiceProvider.GetRequiredService<SecretSteps>()
            .RecordLaunchAsync(workspace.Id, workspace.Region, owner, result.Succeeded, error, cancellationToken);
        return error is null ? StepVerdict.Success : StepVerdict.Failure(error);
    }

    /// <summary>Whom a workstation's secrets are for: its owner, with the teams and roles they have now.</summary>
    internal static async Task<SecretOwner> OwnerAsync(CurrentIdentities identities, string ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var current = await identities.ForAsync(ownerId, cancellationToken);
        return new SecretOwner(ownerId, current.Teams, current.Roles);
    }
}
