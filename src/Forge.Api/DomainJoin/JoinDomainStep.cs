using System.Text.Json;
using Forge.Api.Cloud;
using Forge.Api.Hardening;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.Extensions.Options;
using Apply = Forge.Aws.Ssm.ForgeDocuments.ApplySecurityProfile;
using Join = Forge.Aws.Ssm.ForgeDocuments.JoinDomain;
using Report = Forge.Aws.Ssm.ForgeDocuments.ReportSecurityProfile;

namespace Forge.Api.DomainJoin;

/// <summary>
/// Forge-JoinDomain with the domain (from Directory Service), the OU and the ARN of the join
/// credentials secret: never the password, which the machine reads itself. The document applies
/// Group Policy and verifies domain authentication, so its success means all three.
/// </summary>
public sealed class JoinDomainStep(DirectoryGuard directories, JoinCredentials credentials, IOptions<WorkspaceOptions> options) : CommandStep
{
    public const string StepName = StepNames.JoinDomain;

    public override string Name => StepName;

    public override int MaxAttempts => options.Value.DomainJoinAttempts;

    public override TimeSpan RetryDelay => options.Value.DomainJoinRetryDelay;

    public override async Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var arn = credentials.ArnFor(workspace.Region)
            ?? throw new WorkspaceCloudException($"No domain-join credentials secret is known for {workspace.Region} (Regions:Available:{workspace.Region}:JoinCredentialsSecretArn).", terminal: false);
        var ou = await directories.OrganizationalUnitAsync(workspace.Region, workspace.DirectoryId, cancellationToken)
            ?? throw new WorkspaceCloudException($"No OU is configured or set as the directory's default OU in {workspace.Region}.", terminal: true);
        return new WorkstationCommand(Join.Name, new Dictionary<string, List<string>>(StringComparer.Ordinal)
        {
            [Join.DomainName] = [await directories.DomainNameAsync(workspace.Region, workspace.DirectoryId, cancellationToken)],
            [Join.OrganizationalUnit] = [ou],
            [Join.JoinCredentialsSecretArn] = [arn],
        });
    }

    public override Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken) =>
        Task.FromResult(result.Succeeded ? StepVerdict.Success : StepVerdict.Failure(result.FailureReason));
}
