using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Persistence;
using Forge.Api.Volumes;
using Forge.Aws;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Directions = Forge.Aws.Ssm.ForgeDocuments.SyncDirections;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;

namespace Forge.Api.Dotfiles;

/// <summary>What one sync did, as the workstation's script printed it.</summary>
public sealed record DotfileSyncReport(List<string> Copied, List<string> Kept, List<DotfileRefusal> Refused);

public sealed record DotfileRefusal(string Path, string Reason);

/// <summary>
/// Dotfiles between the user's volume and a workstation's home: applied from the volume at launch
/// (within <see cref="DotfileOptions.ApplyTimeout"/>), persisted back on stop, terminate, on demand
/// and periodically. The newest copy wins and the script keeps the other as a backup. Refused paths
/// are logged and reported (the step's detail and the audit entry); a failure fails the step only.
/// </summary>
public sealed partial class DotfileSteps(
    ForgeDbContext db, WorkstationCommandRunner commands, AuditLog audit, TimeProvider timeProvider, IOptions<DotfileOptions> options,
    ILogger<DotfileSteps> logger)
{
    public Task<UserDataStepResult> ApplyAsync(Guid workspaceId, CancellationToken cancellationToken) =>
        RunAsync(workspaceId, Directions.VolumeToHome, UserDataSteps.ApplyDotfiles, options.Value.ApplyTimeout, "launch", cancellationToken);

    /// <summary>Copies the workstation's dotfiles to its volume; <paramref name="trigger"/> says why (stop, terminate, on-demand, periodic).</summary>
    public Task<UserDataStepResult> PersistAsync(Guid workspaceId, string trigger, CancellationToken cancellationToken) =>
        RunAsync(workspaceId, Directions.HomeToVolume, UserDataSteps.PersistDotfiles, options.Value.PersistTimeout, trigger, cancellationToken);

    private async Task<UserDataStepResult> RunAsync(Guid workspaceId, string direction, string step, TimeSpan timeout, string trigger,
        CancellationToken cancellationToken)
    {
        var started = timeProvider.GetUtcNow();
        var workspace = await db.Workspaces.AsNoTracking().SingleAsync(w => w.Id == workspaceId, cancellationToken);
        if (!await db.UserVolumes.AnyAsync(v => v.MountedWorkspaceId == workspaceId, cancellationToken) || workspace.CloudWorkspaceId is null)
        {
            return UserDataStepResult.Failed(step, "No user volume is mounted into this workspace.");
        }

        UserDataStepResult result;
        try
        {
            var command = SyncCommand(direction);
            var run = await commands.RunAsync(workspace.CloudWorkspaceId, workspace.Region, command.Document, command.Parameters, timeout, cancellationToken);
            result = run.Succeeded ? Judge(workspaceId, step, trigger, run.Output) : UserDataStepResult.Failed(step, run.FailureReason);
        }
        catch (Exception e) when (e is WorkstationCommandException or AwsServiceException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            result = UserDataStepResult.Failed(step, e.Message);
        }

        audit.Stage(AuditLog.SystemActor, "dotfiles." + (direction == Directions.VolumeToHome ? "apply" : "persist"), workspaceId.ToString(),
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, null, $"{trigger}: {result.Detail ?? result.Error}");
        await UserDataSteps.RecordAsync(db, workspaceId, result, started, timeProvider.GetUtcNow(), cancellationToken);
        return result;
    }

    /// <summary>
    /// For the provisioning pipeline, which sent the launch apply itself: judges its output (refused paths
    /// logged) and audits it like any sync. An output that cannot be read fails the step.
    /// </summary>
    public async Task<UserDataStepResult> CompleteApplyAsync(Guid workspaceId, string output, CancellationToken cancellationToken)
    {
        UserDataStepResult result;
        try
        {
            result = Judge(workspaceId, UserDataSteps.ApplyDotfiles, "launch", output);
        }
        catch (JsonException e)
        {
            result = UserDataStepResult.Failed(UserDataSteps.ApplyDotfiles, "The workstation's sync report could not be read: " + e.Message);
        }

        audit.Stage(AuditLog.SystemActor, "dotfiles.apply", workspaceId.ToString(),
            result.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, null, $"launch: {result.Detail ?? result.Error}");
        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    /// <summary>The Forge-SyncDotfiles command for <paramref name="direction"/> with the deployment's patterns.</summary>
    public WorkstationDocumentRun SyncCommand(string direction) =>
        new(Sync.Name, new() { [Sync.Direction] = [direction], [Sync.Patterns] = [.. options.Value.Patterns] });

    /// <summary>Reads a successful sync's output: logs each refused path, checks copies against the policy, summarises.</summary>
    public UserDataStepResult Judge(Guid workspaceId, string step, string trigger, string output)
    {
        var report = Parse(output);
        foreach (var refused in report.Refused)
        {
            LogRefused(logger, workspaceId, refused.Path, refused.Reason, trigger);
        }

        // Defence in depth: the script reporting a copy Forge's policy refuses means the two disagree.
        foreach (var path in report.Copied.Where(p => !DotfilePolicy.Decide(p).Allowed))
        {
            LogPolicyMismatch(logger, workspaceId, path);
        }

        var refusedText = report.Refused.Count == 0 ? "none" : string.Join(", ", report.Refused.Select(r => $"{r.Path} ({r.Reason})"));
        return UserDataStepResult.Ok(step, $"copied {report.Copied.Count}, kept {report.Kept.Count}, refused: {refusedText}");
    }

    internal static DotfileSyncReport Parse(string output)
    {
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        List<string> Names(string member) =>
            root.TryGetProperty(member, out var list) ? [.. list.EnumerateArray().Select(e => e.GetString() ?? "")] : [];
        var refused = root.TryGetProperty("refused", out var r)
            ? r.EnumerateArray().Select(e => new DotfileRefusal(e.GetProperty("path").GetString() ?? "", e.GetProperty("reason").GetString() ?? "")).ToList()
            : [];
        return new DotfileSyncReport(Names("copied"), Names("kept"), refused);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning,
        Message = "Workspace {WorkspaceId}: dotfile {Path} refused ({Reason}) during the {Trigger} sync")]
    private static partial void LogRefused(ILogger logger, Guid workspaceId, string path, string reason, string trigger);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Error,
        Message = "Workspace {WorkspaceId}: the workstation copied {Path}, which Forge's dotfile policy refuses")]
    private static partial void LogPolicyMismatch(ILogger logger, Guid workspaceId, string path);
}
