namespace Forge.Api.Notifications;

/// <summary>The <c>Notifications</c> section: how the outbox delivers, and where each channel points.</summary>
public sealed class NotificationOptions
{
    public const string SectionName = "Notifications";

    /// <summary>How often the dispatcher looks for due messages.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Messages claimed per pass.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claimed message is held for its dispatcher; a dispatcher that died gives it back after this.</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first retry's delay; each further one doubles, up to <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A message still failing this long after it was written is given up (and stays visible as failed).</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Per-request timeout for HTTP channels.</summary>
    public TimeSpan HttpTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public SlackChannelOptions Slack { get; set; } = new();

    public PagerDutyChannelOptions PagerDuty { get; set; } = new();

    public SnsChannelOptions Sns { get; set; } = new();
}

public sealed class SlackChannelOptions
{
    /// <summary>A Slack incoming webhook; unset leaves the channel off.</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>
    /// The bot token (<c>xoxb-...</c>) direct messages are sent with (channel <c>slack-dm</c>, to users who gave their
    /// member id); unset leaves that channel off. A secret: never logged nor stored.
    /// </summary>
    public string? BotToken { get; set; }

    /// <summary>The Slack Web API's base address (ending in <c>/</c>). Default <c>https://slack.com/api/</c>.</summary>
    public Uri ApiUrl { get; set; } = new("https://slack.com/api/");
}

public sealed class PagerDutyChannelOptions
{
    /// <summary>The Events API v2 integration (routing) key; unset leaves the channel off. A secret: never logged.</summary>
    public string? RoutingKey { get; set; }

    public Uri EventsUrl { get; set; } = new("https://events.pagerduty.com/v2/enqueue");
}

public sealed class SnsChannelOptions
{
    /// <summary>The topic alerts are published to; unset leaves the channel off.</summary>
    public string? TopicArn { get; set; }

    /// <summary>The topic's region; the AWS default region when unset.</summary>
    public string? Region { get; set; }
}
