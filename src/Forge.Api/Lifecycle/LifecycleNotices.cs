namespace Forge.Api.Lifecycle;

/// <summary>A notice as its owner reads it: a subject and a plain-text body stating the exact time in their zone.</summary>
public sealed record NoticeText(string Subject, string Body);

/// <summary>The words of each notice kind. The due time is stated exactly, in the owner's zone and in UTC.</summary>
public static class LifecycleNotices
{
    public static NoticeText Compose(string kind, Guid workspaceId, string blueprint, DateTimeOffset due, TimeZoneInfo zone)
    {
        var when = LifecycleTimeZones.Format(due, zone);
        var name = $"workstation {workspaceId} ({blueprint})";
        var keep = $"To keep it, set keep-alive: PUT /api/v1/workspaces/{workspaceId}/keep-alive {{\"enabled\": true}} (or `forge keep-alive {workspaceId} on`).";
        return kind switch
        {
            NoticeKinds.IdleWarning => new($"Forge: your idle {name} stops at {when}",
                $"Nobody has been connected to your {name}. Forge will save your dotfiles, release your volume and stop it at {when}.\n"
                + $"Connect to it before then to keep it running. {keep}\n"),
            NoticeKinds.LifetimeFirst or NoticeKinds.LifetimeFinal => new($"Forge: your {name} is terminated at {when}",
                $"Your {name} reaches its maximum lifetime. Forge will save your dotfiles and terminate it at {when}; your volume is kept.\n{keep}\n"),
            NoticeKinds.Stale => new($"Forge: your stopped {name} is terminated at {when}",
                $"Your {name} has been stopped for a long time and is now stale. Forge will terminate it at {when}; your volume is kept.\n"
                + $"Start it before then to keep it. {keep}\n"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notice kind."),
        };
    }
}
