namespace Forge.Api.Alerts;

/// <summary>A burn-rate condition: the error budget burns at least <see cref="Factor"/> times its sustainable rate over both windows.</summary>
public sealed record BurnRateCondition(TimeSpan LongWindow, TimeSpan ShortWindow, double Factor);

/// <summary>
/// The rules Forge alerts on. The burn-rate ones are the SRE workbook's multi-window, multi-burn-rate alerts for a
/// 30-day SLO: a page when 2 % of the month's budget burns in an hour (14.4× over 1 h, confirmed over 5 min) or 5 %
/// in six hours (6× over 6 h and 30 min); a ticket when 10 % burns in three days (1× over 3 days and 6 h). The short
/// window makes an alert clear soon after the burn stops.
/// </summary>
public static class AlertRules
{
    public const string SloPage = "slo-page";
    public const string SloTicket = "slo-ticket";
    public const string FailureRate = "failure-rate";
    public const string Stuck = "stuck";

    public const string Page = "page";
    public const string Ticket = "ticket";

    /// <summary>The scope of the alerts over every request; the others are <c>blueprint/region</c> or a workspace id.</summary>
    public const string Overall = "all";

    public static readonly IReadOnlyList<BurnRateCondition> PageConditions =
    [
        new(TimeSpan.FromHours(1), TimeSpan.FromMinutes(5), 14.4),
        new(TimeSpan.FromHours(6), TimeSpan.FromMinutes(30), 6),
    ];

    public static readonly IReadOnlyList<BurnRateCondition> TicketConditions =
    [
        new(TimeSpan.FromDays(3), TimeSpan.FromHours(6), 1),
    ];

    /// <summary>The longest window any rule reads: how far back the evaluator loads.</summary>
    public static readonly TimeSpan LongestWindow = TimeSpan.FromDays(3);

    public static string SeverityOf(string rule) => rule == SloTicket ? Ticket : Page;

    public static string SeriesScope(string blueprint, string region) => $"{blueprint}/{region}";
}
