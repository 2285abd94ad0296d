using System.Text.Json;
using Forge.Api.Cloud;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.Extensions.Options;
using Apply = Forge.Aws.Ssm.ForgeDocuments.ApplySecurityProfile;
using Join = Forge.Aws.Ssm.ForgeDocuments.JoinDomain;
using Report = Forge.Aws.Ssm.ForgeDocuments.ReportSecurityProfile;

namespace Forge.Api.Hardening;

/// <summary>Forge-ApplySecurityProfile with the blueprint's profile.</summary>
public sealed class ApplySecurityProfileStep(IOptions<SecurityProfileOptions> profiles, IOptions<WorkspaceOptions> options) : CommandStep
{
    public const string StepName = StepNames.ApplySecurityProfile;

    public override string Name => StepName;

    public override int MaxAttempts => options.Value.MaxStepAttempts;

    public override TimeSpan RetryDelay => options.Value.PollInterval;

    public override Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        var parameters = profiles.Value.For(workspace.Blueprint).Parameters(workspace.OwnerId, workspace.RequestedAt);
        return Task.FromResult<WorkstationCommand?>(new WorkstationCommand(Apply.Name, parameters.ToDictionary(p => p.Key, p => new List<string> { p.Value }, StringComparer.Ordinal)));
    }

    public override Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken) =>
        Task.FromResult(result.Succeeded ? StepVerdict.Success : StepVerdict.Failure(result.FailureReason));
}

/// <summary>
/// Verifies what was applied, from three sources: Forge-ReportSecurityProfile's output against the
/// profile, DescribeWorkspaces showing only WSP, and the directory's access properties. A difference
/// fails the attempt and re-applies the profile first; after the last attempt the workspace fails
/// with the differences named.
/// </summary>
public sealed class VerifySecurityProfileStep(
    IOptions<SecurityProfileOptions> profiles, IOptions<WorkspaceOptions> options, IWorkspaceCloud cloud, DirectoryGuard directories) : CommandStep
{
    public const string StepName = StepNames.VerifySecurityProfile;

    public override string Name => StepName;

    public override int MaxAttempts => options.Value.SecurityVerifyAttempts;

    public override string? RepairStep => ApplySecurityProfileStep.StepName;

    public override Task<WorkstationCommand?> CommandAsync(Workspace workspace, CancellationToken cancellationToken) =>
        Task.FromResult<WorkstationCommand?>(new WorkstationCommand(Report.Name, new Dictionary<string, List<string>>()));

    public override async Task<StepVerdict> JudgeAsync(Workspace workspace, CommandResult result, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        if (!result.Succeeded)
        {
            return StepVerdict.Failure(result.FailureReason);
        }

        var expected = profiles.Value.For(workspace.Blueprint).Parameters(workspace.OwnerId, workspace.RequestedAt);
        var differences = SecurityProfile.Differences(expected, ParseReport(result.Output));
        var observed = await cloud.DescribeAsync(workspace.CloudWorkspaceId!, workspace.Region, cancellationToken);
        if (observed?.Protocols is not [Forge.Aws.WorkSpaces.Protocol.Wsp])
        {
            differences.Add($"Protocols: expected [{Forge.Aws.WorkSpaces.Protocol.Wsp}], observed [{string.Join(", ", observed?.Protocols ?? [])}]");
        }

        differences.AddRange((await directories.CheckAsync(workspace.Region, workspace.DirectoryId, cancellationToken)).Select(d => "directory " + d));
        return differences.Count == 0 ? StepVerdict.Success : StepVerdict.Failure("The workstation's settings differ from its security profile: " + string.Join("; ", differences));
    }

    private static Dictionary<string, string?> ParseReport(string output)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(output.Trim())?
                .ToDictionary(p => p.Key, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : p.Value.ToString(), StringComparer.Ordinal)
                ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
