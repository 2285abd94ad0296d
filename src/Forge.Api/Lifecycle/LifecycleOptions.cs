using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// The lifecycle manager (section <c>Lifecycle</c>): how often it looks, the policy every blueprint
/// gets (<see cref="Defaults"/>) and each blueprint's changes to it (<see cref="Blueprints"/>).
/// Defaults in <see cref="LifecycleDefaults"/>; checked at start.
/// </summary>
public sealed class LifecycleOptions
{
    public const string SectionName = "Lifecycle";

    /// <summary>How often the pass observes every live workstation and decides. Default 1 minute (on the lifecycle clock, see <see cref="LifecycleClock"/>).</summary>
    public TimeSpan PassInterval { get; set; } = LifecycleDefaults.PassInterval;

    /// <summary>Stops this process's lifecycle pass (nothing is warned, stopped or terminated by it). Default false.</summary>
    public bool Paused { get; set; }

    /// <summary>
    /// How long a WorkSpace tagged as Forge's that no workspace row knows (an orphan) is reported before Forge terminates it,
    /// unless an admin keeps or adopts it meanwhile. Counted from the first pass that saw it, kept across restarts.
    /// Default 24 hours; 1 hour to 30 days.
    /// </summary>
    public TimeSpan OrphanGrace { get; set; } = LifecycleDefaults.OrphanGrace;

    /// <summary>How often every region's WorkSpaces are listed to find orphans (⌈N/25⌉ DescribeWorkspaces calls a region). Default 10 minutes; 1 minute to 1 day.</summary>
    public TimeSpan OrphanScanInterval { get; set; } = LifecycleDefaults.OrphanScanInterval;

    /// <summary>The time zone notices state their dates in for an owner who has not chosen one (an IANA id). Default <c>UTC</c>.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>
    /// The notification channels owners get their notices on, those configured among them (the outbox's
    /// channel names). Default <c>email</c>, <c>slack-dm</c> (a direct message, to owners who gave their Slack member id),
    /// <c>slack</c>, <c>webhook</c>.
    /// </summary>
    public List<string> NoticeChannels { get; set; } = ["email", "slack-dm", "slack", "webhook"];

    /// <summary>The policy of every blueprint not changed in <see cref="Blueprints"/>.</summary>
    public LifecyclePolicy Defaults { get; set; } = new();

    /// <summary>Per blueprint, the members that differ from <see cref="Defaults"/>.</summary>
    public Dictionary<string, LifecyclePolicyOverride> Blueprints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The policy of <paramref name="blueprint"/>: its changes over the defaults.</summary>
    public LifecyclePolicy PolicyFor(string blueprint)
    {
        var d = Defaults;
        if (!Blueprints.TryGetValue(blueprint, out var o))
        {
            return d;
        }

        return new LifecyclePolicy
        {
            IdleTimeout = o.IdleTimeout ?? d.IdleTimeout,
            IdleWarning = o.IdleWarning ?? d.IdleWarning,
            MaxLifetime = o.MaxLifetime ?? d.MaxLifetime,
            StaleAfter = o.StaleAfter ?? d.StaleAfter,
            StaleGrace = o.StaleGrace ?? d.StaleGrace,
            KeepAliveAllowed = o.KeepAliveAllowed ?? d.KeepAliveAllowed,
            KeepAliveExtension = o.KeepAliveExtension ?? d.KeepAliveExtension,
            KeepAliveMaxRenewals = o.KeepAliveMaxRenewals ?? d.KeepAliveMaxRenewals,
        };
    }
}

/// <summary>What the lifecycle manager does to one blueprint's workstations.</summary>
public sealed class LifecyclePolicy
{
    /// <summary>A running workstation nobody has been connected to this long is stopped. Default 60 minutes; 15 minutes to 24 hours.</summary>
    public TimeSpan IdleTimeout { get; set; } = LifecycleDefaults.IdleTimeout;

    /// <summary>How long before an idle stop its owner is warned. Default 15 minutes; 1 minute up to the idle timeout.</summary>
    public TimeSpan IdleWarning { get; set; } = LifecycleDefaults.IdleWarning;

    /// <summary>A workstation this long after it was first ready is terminated (notices 7 days and 1 day before). Default 30 days; 2 to 365 days.</summary>
    public TimeSpan MaxLifetime { get; set; } = LifecycleDefaults.MaxLifetime;

    /// <summary>A workstation stopped this long is stale: its owner is told, then it is terminated. Default 30 days; 1 to 365 days.</summary>
    public TimeSpan StaleAfter { get; set; } = LifecycleDefaults.StaleAfter;

    /// <summary>How long after the stale notice the workstation is terminated. Default 7 days; 1 to 30 days.</summary>
    public TimeSpan StaleGrace { get; set; } = LifecycleDefaults.StaleGrace;

    /// <summary>Whether owners may keep this blueprint's workstations alive. Default true.</summary>
    public bool KeepAliveAllowed { get; set; } = true;

    /// <summary>How long one keep-alive exempts a workstation, from the moment it is set. Default 7 days; 1 hour to 90 days.</summary>
    public TimeSpan KeepAliveExtension { get; set; } = LifecycleDefaults.KeepAliveExtension;

    /// <summary>How many times keep-alive may be set on one workstation. Default 4; 0 to 100.</summary>
    public int KeepAliveMaxRenewals { get; set; } = LifecycleDefaults.KeepAliveMaxRenewals;

    /// <summary>
    /// The AUTO_STOP timeout new WorkSpaces are created with: above the idle timeout by at least an hour and
    /// in whole hours, as WorkSpaces takes it, so that Forge's idle stop (which saves the user's data
    /// first) always comes before AWS's own.
    /// </summary>
    public int AutoStopTimeoutMinutes => (int)Math.Ceiling((IdleTimeout + TimeSpan.FromHours(1)).TotalHours) * 60;
}

/// <summary>One blueprint's changes to <see cref="LifecycleOptions.Defaults"/>; an unset member keeps the default.</summary>
public sealed class LifecyclePolicyOverride
{
    public TimeSpan? IdleTimeout { get; set; }

    public TimeSpan? IdleWarning { get; set; }

    public TimeSpan? MaxLifetime { get; set; }

    public TimeSpan? StaleAfter { get; set; }

    public TimeSpan? StaleGrace { get; set; }

    public bool? KeepAliveAllowed { get; set; }

    public TimeSpan? KeepAliveExtension { get; set; }

    public int? KeepAliveMaxRenewals { get; set; }
}

public static class LifecycleDefaults
{
    public static readonly TimeSpan PassInterval = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(60);
    public static readonly TimeSpan OrphanGrace = TimeSpan.FromHours(24);
    public static readonly TimeSpan OrphanScanInterval = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan IdleWarning = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(30);
    public static readonly TimeSpan StaleAfter = TimeSpan.FromDays(30);
    public static readonly TimeSpan StaleGrace = TimeSpan.FromDays(7);
    public static readonly TimeSpan KeepAliveExtension = TimeSpan.FromDays(7);
    public const int KeepAliveMaxRenewals = 4;

    /// <summary>The maximum-lifetime notices: this long before the termination.</summary>
    public static readonly TimeSpan FirstLifetimeNotice = TimeSpan.FromDays(7);
    public static readonly TimeSpan FinalLifetimeNotice = TimeSpan.FromDays(1);
}

internal sealed class LifecycleOptionsValidator : IValidateOptions<LifecycleOptions>
{
    public ValidateOptionsResult Validate(string? name, LifecycleOptions options)
    {
        var failures = new List<string>();
        if (options.PassInterval < TimeSpan.FromSeconds(1) || options.PassInterval > TimeSpan.FromMinutes(10))
        {
            failures.Add("Lifecycle:PassInterval must be between 1 second and 10 minutes.");
        }

        if (options.OrphanGrace < TimeSpan.FromHours(1) || options.OrphanGrace > TimeSpan.FromDays(30))
        {
            failures.Add("Lifecycle:OrphanGrace must be between 1 hour and 30 days.");
        }

        if (options.OrphanScanInterval < TimeSpan.FromMinutes(1) || options.OrphanScanInterval > TimeSpan.FromDays(1))
        {
            failures.Add("Lifecycle:OrphanScanInterval must be between 1 minute and 1 day.");
        }

        if (!LifecycleTimeZones.TryFind(options.DefaultTimeZone, out _))
        {
            failures.Add($"Lifecycle:DefaultTimeZone '{options.DefaultTimeZone}' is not a known IANA time zone.");
        }

        failures.AddRange(Check("Lifecycle:Defaults", options.Defaults));
        foreach (var blueprint in options.Blueprints.Keys)
        {
            failures.AddRange(Check($"Lifecycle:Blueprints:{blueprint}", options.PolicyFor(blueprint)));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Each member within its documented range.</summary>
    public static IEnumerable<string> Check(string prefix, LifecyclePolicy p)
    {
        static bool Within(TimeSpan value, TimeSpan min, TimeSpan max) => value >= min && value <= max;
        if (!Within(p.IdleTimeout, TimeSpan.FromMinutes(15), TimeSpan.FromHours(24)))
        {
            yield return $"{prefix}:IdleTimeout must be between 15 minutes and 24 hours.";
        }

        if (!Within(p.IdleWarning, TimeSpan.FromMinutes(1), p.IdleTimeout))
        {
            yield return $"{prefix}:IdleWarning must be between 1 minute and the idle timeout.";
        }

        if (!Within(p.MaxLifetime, TimeSpan.FromDays(2), TimeSpan.FromDays(365)))
        {
            yield return $"{prefix}:MaxLifetime must be between 2 and 365 days.";
        }

        if (!Within(p.StaleAfter, TimeSpan.FromDays(1), TimeSpan.FromDays(365)))
        {
            yield return $"{prefix}:StaleAfter must be between 1 and 365 days.";
        }

        if (!Within(p.StaleGrace, TimeSpan.FromDays(1), TimeSpan.FromDays(30)))
        {
            yield return $"{prefix}:StaleGrace must be between 1 and 30 days.";
        }

        if (!Within(p.KeepAliveExtension, TimeSpan.FromHours(1), TimeSpan.FromDays(90)))
        {
            yield return $"{prefix}:KeepAliveExtension must be between 1 hour and 90 days.";
        }

        if (p.KeepAliveMaxRenewals is < 0 or > 100)
        {
            yield return $"{prefix}:KeepAliveMaxRenewals must be between 0 and 100.";
        }
    }
}
