namespace Forge.Api.Alerts;

/// <summary>The <c>Alerts</c> section: how Forge evaluates its SLO and where the alerts go.</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the rules are evaluated. Default every minute.</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// An alert stays firing at least this long even when its condition clears sooner: a flapping condition is one
    /// incident, not a page every minute. Default 10 minutes.
    /// </summary>
    public TimeSpan MinimumFiringTime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>A burn-rate rule needs at least this many requests in its long window: one slow request alone is no trend. Default 3.</summary>
    public int MinimumRequests { get; set; } = 3;

    /// <summary>The failure-rate rule: this share of finished requests failed over <see cref="FailureRateWindow"/>. Default 0.25.</summary>
    public double FailureRateThreshold { get; set; } = 0.25;

    public TimeSpan FailureRateWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The failure-rate rule needs at least this many finished requests in its window. Default 5.</summary>
    public int FailureRateMinimumRequests { get; set; } = 5;

    /// <summary>Channels a page goes to (those the deployment configured). Default PagerDuty, Slack, SNS.</summary>
    public List<string> PageChannels { get; set; } = ["pagerduty", "slack", "sns"];

    /// <summary>Channels a ticket goes to. Default Slack and SNS: a slow burn does not wake anyone.</summary>
    public List<string> TicketChannels { get; set; } = ["slack", "sns"];
}
