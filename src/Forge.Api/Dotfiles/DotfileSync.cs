using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.Extensions.Options;
using Sync = Forge.Aws.Ssm.ForgeDocuments.SyncDotfiles;

namespace Forge.Api.Dotfiles;

/// <summary>What one sync did, as the workstation's script printed it.</summary>
public sealed record DotfileSyncReport(List<string> Copied, List<string> Kept, List<DotfileRefusal> Refused);

public sealed record DotfileRefusal(string Path, string Reason);

/// <summary>
/// Dotfiles between the user's volume and a workstation's home, shared by the two steps that move
/// them (<see cref="ApplyDotfilesStep"/>, <see cref="PersistDotfilesStep"/>): the Forge-SyncDotfiles
/// command with the deployment's patterns, and the judgement of its report. The newest copy wins and
/// the script keeps the other as a backup. Refused paths are logged and reported in the audit entry.
/// </summary>
public sealed partial class DotfileSync(IOptions<DotfileOptions> options, ILogger<DotfileSync> logger)
{
    /// <summary>The Forge-SyncDotfiles command for <paramref name="direction"/> with the deployment's patterns.</summary>
    public WorkstationCommand Command(string direction) =>
        new(Sync.Name, new Dictionary<string, List<string>>(StringComparer.Ordinal) { [Sync.Direction] = [direction], [Sync.Patterns] = [.. options.Value.Patterns] });

    /// <summary>
    /// Judges a finished sync: the command's failure, or its report read (each refused path logged, copies
    /// checked against the policy), and the audit entry either way. <paramref name="action"/> is
    /// <c>dotfiles.apply</c> or <c>dotfiles.persist</c>; <paramref name="trigger"/> says why it ran.
    /// </summary>
    public StepVerdict Judge(Workspace workspace, CommandResult result, string action, string trigger)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        ArgumentNullException.ThrowIfNull(result);
        StepVerdict verdict;
        string detail;
        if (!result.Succeeded)
        {
            detail = result.FailureReason;
            verdict = StepVerdict.Failure(detail);
        }
        else
        {
            try
            {
                detail = Summarise(workspace.Id, Parse(result.Output), trigger);
                verdict = StepVerdict.Success;
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
            {
                detail = "The workstation's sync report could not be read: " + e.Message;
                verdict = StepVerdict.Failure(detail);
            }
        }

        return verdict.With(new AuditEffect(action, verdict.Succeeded ? AuditOutcome.Succeeded : AuditOutcome.Failed, $"{trigger}: {detail}"));
    }

    private string Summarise(Guid workspaceId, DotfileSyncReport report, string trigger)
    {
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
        return $"copied {report.Copied.Count}, kept {report.Kept.Count}, refused: {refusedText}";
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
