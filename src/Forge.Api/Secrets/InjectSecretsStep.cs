using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Auth;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Inject = Forge.Aws.Ssm.ForgeDocuments.InjectEnvironment;

namespace Forge.Api.Secrets;

/// <summary>
/// <c>inject-secrets</c>, in provisioning, after every start and when a rotation made it due: the
/// owner's secrets (user, and the teams and roles they have now: <see cref="CurrentIdentities"/>) as
/// <c>NAME=arn</c> references through Forge-InjectEnvironment; the machine resolves the values. When
/// the command goes out, the plan is remembered as sent, not as injected; only once it succeeded, and
/// only if the plan is still the one sent, is its fingerprint remembered (and the injection audited),
/// so <see cref="SecretRotationHost"/> sees a difference, and makes an injection due, exactly when the
/// workstation's secrets and Secrets Manager's differ, and after any failure. Optional: a workspace
/// whose injection fails is ready, with the step's error shown.
/// </summary>
public sealed class InjectSecretsStep(
    ForgeDbContext db, SecretDiscovery discovery, CurrentIdentities identities, IOptions<SecretOptions> options, IOptions<WorkspaceOptions> workspaceOptions)
    : CommandStep
{
    /// <summary>The fingerprint of a workstation whose injection failed: never equal to a plan's.</summary>
    public const string NothingInjected = "";

    public override string Name => StepNames.InjectSecrets;

    public override int MaxAttempts => workspaceOptions.Value.MaxStepAttempts;

    public override TimeSpan RetryDelay => workspaceOptions.Value.PollInterval;

    public override bool IsOptional => true;

    public override TimeSpan? CommandTimeout => options.Value.CommandTimeout;

    public override async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var (owner, plan) = await PlanAsync(workspace, cancellationToken);
        return new WorkstationCommand(Inject.Name,
            new Dictionary<string, List<string>>(StringComparer.Ordinal) { [Inject.SecretReferences] = [.. plan.References] },
            [new SecretsRemembered(owner, SecretInjection.Sent(plan.Fingerprint))]);
    }

    public override async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        var (owner, plan) = await PlanAsync(workspace, cancellationToken);
        if (!result.Succeeded)
        {
            return StepVerdict.Failure(result.FailureReason).With(
                new SecretsRemembered(owner, NothingInjected), new AuditEffect("secrets.inject", AuditOutcome.Failed, result.FailureReason));
        }

        var sent = await db.SecretInjections.AsNoTracking().Where(s => s.WorkspaceId == workspace.Id).Select(s => s.Fingerprint).SingleOrDefaultAsync(cancellationToken);
        var unchanged = sent == SecretInjection.Sent(plan.Fingerprint);
        return StepVerdict.Success.With(
            new SecretsRemembered(owner, unchanged ? plan.Fingerprint : NothingInjected),
            new AuditEffect("secrets.inject", AuditOutcome.Succeeded,
                unchanged ? Describe(plan) : "the secrets changed while the command ran; the rotation pass injects them again"));
    }

    private async Task<(SecretOwner Owner, SecretPlan Plan)> PlanAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        var owner = await OwnerAsync(identities, workspace.OwnerId, cancellationToken);
        return (owner, SecretScopePlanner.Plan(owner, await discovery.DiscoverAsync(workspace.Region, cancellationToken)));
    }

    /// <summary>Whom a workstation's secrets are for: its owner, with the teams and roles they have now.</summary>
    internal static async Task<SecretOwner> OwnerAsync(CurrentIdentities identities, string ownerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identities);
        var current = await identities.ForAsync(ownerId, cancellationToken);
        return new SecretOwner(ownerId, current.Teams, current.Roles);
    }

    internal static string Describe(SecretPlan plan) => string.Join(", ", plan.Secrets.Select(s => $"{s.EnvironmentName} ({s.Scope})"));
}

/// <summary>What the workstation's secrets were planned for, and the fingerprint it now holds (or a sent mark, or nothing).</summary>
public sealed record SecretsRemembered(SecretOwner Owner, string Fingerprint) : WorkstationEffect
{
    public override async Task ApplyAsync(EffectContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var workspace = context.Workspace;
        var injection = await context.Db.SecretInjections.SingleOrDefaultAsync(s => s.WorkspaceId == workspace.Id, cancellationToken);
        if (injection is null)
        {
            injection = new SecretInjection { WorkspaceId = workspace.Id, OwnerId = Owner.UserId, Region = workspace.Region, Fingerprint = Fingerprint };
            context.Db.SecretInjections.Add(injection);
        }

        injection.OwnerTeams = [.. Owner.Teams];
        injection.OwnerRoles = [.. Owner.Roles];
        injection.Fingerprint = Fingerprint;
        injection.InjectedAt = context.Now;
    }
}
