using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Volumes;
using Forge.Aws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.Api.Secrets;

/// <summary>
/// Injects the owner's secrets into a workstation as <c>NAME=arn</c> references through
/// Forge-InjectEnvironment (the machine resolves them), and remembers what was injected so a rotation
/// re-injects. Runs at launch and whenever <see cref="SecretRotationHost"/> sees a changed plan.
/// </summary>
public sealed partial class SecretSteps(
    ForgeDbContext db, SecretDiscovery discovery, WorkstationCommandRunner commands, AuditLog audit, TimeProvider timeProvider,
    IOptions<SecretOptions> options, ILogger<SecretSteps> logger)
{
    /// <summary>
    /// Plans from <paramref name="discovered"/> (or a fresh ListSecrets) and injects. The outcome is
    /// recorded as the workspace's <c>inject-secrets</c> step; a failure fails that step only.
    /// </summary>
    public async Task<UserDataStepResult> InjectAsync(Guid workspaceId, SecretOwner owner, IReadOnlyList<DiscoveredSecret>? discovered,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var started = timeProvider.GetUtcNow();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        var injection = await db.SecretInjections.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        UserDataStepResult result;
        try
        {
            var (plan, command) = await PrepareAsync(workspace.Region, owner, discovered, cancellationToken);
            var run = await commands.RunAsync(workspace.CloudWorkspaceId!, workspace.Region, command.Document, command.Parameters,
                options.Value.CommandTimeout, cancellationToken);
            result = run.Succeeded
                ? UserDataStepResult.Ok(UserDataSteps.InjectSecrets, Describe(plan))
                : UserDataStepResult.Failed(UserDataSteps.InjectSecrets, run.FailureReason);
            if (run.Succeeded)
            {
                Remember(ref injection, workspace.Id, workspace.Region, owner, plan.Fingerprint);
            }
        }
        catch (Exception e) when (e is WorkstationCommandException or AwsServiceException && !cancellationToken.IsCancellationRequested)
        {
            result = UserDataStepResult.Failed(UserDataSteps.InjectSecrets, e.Message);
        }

        if (!result.Succeeded)
        {
            LogInjectFailed(logger, workspaceId, result.Error);
        }

        audit.Stage(AuditLog.SystemActor, "secrets.inject", workspaceId.ToString(),
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, null, result.Detail ?? result.Error);
        await db.SaveChangesAsync(cancellationToken);
        await UserDataSteps.RecordAsync(db, workspaceId, result, started, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    /// <summary>The owner's plan in <paramref name="region"/> and its Forge-InjectEnvironment command (ARNs only), for a pipeline that sends it.</summary>
    public async Task<(SecretPlan Plan, WorkstationDocumentRun Command)> PrepareAsync(string region, SecretOwner owner,
        IReadOnlyList<DiscoveredSecret>? discovered, CancellationToken cancellationToken)
    {
        var plan = SecretScopePlanner.Plan(owner, discovered ?? await discovery.DiscoverAsync(region, cancellationToken));
        return (plan, new WorkstationDocumentRun(Inject.Name, new() { [Inject.SecretReferences] = [.. plan.References] }));
    }

    /// <summary>
    /// For the provisioning pipeline, as it sends the launch injection: records whom the workstation's
    /// secrets are planned for and that this plan was sent, not that it arrived. The sent mark never
    /// equals a plan's fingerprint, so until <see cref="RecordLaunchAsync"/> confirms it the rotation
    /// reconciler treats the workstation as holding nothing known and injects again once it is ready.
    /// </summary>
    public async Task RememberSentAsync(Guid workspaceId, string region, SecretOwner owner, SecretPlan plan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var injection = await db.SecretInjections.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        Remember(ref injection, workspaceId, region, owner, SecretInjection.Sent(plan.Fingerprint));
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The launch injection's command ended. Success is recorded (fingerprint and audit) only when the
    /// plan is still the one sent, so a rotation that happened while the command ran is injected again;
    /// a failure forgets what was sent and is audited as failed, and the rotation reconciler retries.
    /// </summary>
    public async Task RecordLaunchAsync(Guid workspaceId, string region, SecretOwner owner, bool succeeded, string? error,
        CancellationToken cancellationToken)
    {
        var injection = await db.SecretInjections.SingleOrDefaultAsync(s => s.WorkspaceId == workspaceId, cancellationToken);
        string detail;
        if (succeeded)
        {
            var (plan, _) = await PrepareAsync(region, owner, null, cancellationToken);
            var unchanged = injection?.Fingerprint == SecretInjection.Sent(plan.Fingerprint);
            Remember(ref injection, workspaceId, region, owner, unchanged ? plan.Fingerprint : NothingInjected);
            detail = unchanged ? Describe(plan) : "the secrets changed while the command ran; the rotation pass injects them again";
        }
        else
        {
            Remember(ref injection, workspaceId, region, owner, NothingInjected);
            detail = error ?? "failed";
            LogInjectFailed(logger, workspaceId, error);
        }

        audit.Stage(AuditLog.SystemActor, "secrets.inject", workspaceId.ToString(), succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, null, detail);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The fingerprint of a workstation whose injection failed.</summary>
    public const string NothingInjected = "";

    internal static string Describe(SecretPlan plan) => string.Join(", ", plan.Secrets.Select(s => $"{s.EnvironmentName} ({s.Scope})"));

    private void Remember(ref SecretInjection? injection, Guid workspaceId, string region, SecretOwner owner, string fingerprint)
    {
        if (injection is null)
        {
            injection = new SecretInjection { WorkspaceId = workspaceId, OwnerId = owner.UserId, Region = region, Fingerprint = fingerprint };
            db.SecretInjections.Add(injection);
        }

        injection.OwnerTeams = [.. owner.Teams];
        injection.OwnerRoles = [.. owner.Roles];
        injection.Fingerprint = fingerprint;
        injection.InjectedAt = timeProvider.GetUtcNow();
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: injecting secrets failed: {Error}")]
    private static partial void LogInjectFailed(ILogger logger, Guid workspaceId, string? error);
}
