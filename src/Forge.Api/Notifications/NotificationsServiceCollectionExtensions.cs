namespace Forge.Api.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    /// <summary>The HTTP client the webhook channels share (its timeout is <see cref="NotificationOptions.HttpTimeout"/>).</summary>
    public const string HttpClientName = "notifications";

    /// <summary>The durable outbox, its dispatcher, and the Slack, PagerDuty and SNS channels.</summary>
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.SectionName)
            .Validate(o => o.DispatchInterval > TimeSpan.Zero && o.ClaimLease > TimeSpan.Zero && o.HttpTimeout > TimeSpan.Zero,
                "Notifications intervals must be positive.")
            .Validate(o => o.ClaimLease > o.HttpTimeout, "Notifications:ClaimLease must exceed Notifications:HttpTimeout.")
            .Validate(o => o.BatchSize is >= 1 and <= 1000, "Notifications:BatchSize must be 1 to 1000.")
            .Validate(o => o.RetryBaseDelay > TimeSpan.Zero && o.RetryMaxDelay >= o.RetryBaseDelay, "Notifications retry delays must be positive and ordered.")
            .Validate(o => o.GiveUpAfter >= o.RetryMaxDelay, "Notifications:GiveUpAfter must be at least Notifications:RetryMaxDelay.")
            .Validate(o => o.Slack.WebhookUrl is null || o.Slack.WebhookUrl.IsAbsoluteUri, "Notifications:Slack:WebhookUrl must be an absolute URL.")
            .Validate(o => o.Slack.ApiUrl.IsAbsoluteUri && o.Slack.ApiUrl.AbsolutePath.EndsWith('/'), "Notifications:Slack:ApiUrl must be an absolute URL ending in '/'.")
            .Validate(o => o.PagerDuty.EventsUrl.IsAbsoluteUri, "Notifications:PagerDuty:EventsUrl must be an absolute URL.")
            .ValidateOnStart();
        services.AddHttpClient(HttpClientName, (sp, http) =>
            http.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<NotificationOptions>>().Value.HttpTimeout);
        services.AddSingleton<INotificationChannel, SlackWebhookChannel>();
        services.AddSingleton<INotificationChannel, SlackDirectMessageChannel>();
        services.AddSingleton<INotificationChannel, PagerDutyChannel>();
        services.AddSingleton<INotificationChannel, SnsChannel>();
        services.AddOptions<EmailChannelOptions>().BindConfiguration(EmailChannelOptions.SectionName)
            .Validate(o => o.Port is >= 1 and <= 65535 && o.Security is "StartTls" or "Tls" or "None", "Notifications:Email: Port 1 to 65535; Security StartTls, Tls or None.")
            .Validate(o => o.From is null || MimeKit.MailboxAddress.TryParse(o.From, out _), "Notifications:Email:From must be an e-mail address.")
            .ValidateOnStart();
        services.AddSingleton<INotificationChannel, EmailChannel>();
        services.AddOptions<SignedWebhookOptions>().BindConfiguration(SignedWebhookOptions.SectionName)
            .Validate(o => o.Url is null || o.Url.IsAbsoluteUri, "Notifications:Webhook:Url must be an absolute URL.")
            .Validate(o => o.Secret is null || (o.Secret.StartsWith("whsec_", StringComparison.Ordinal) && o.Key is { Length: >= 24 and <= 64 }),
                "Notifications:Webhook:Secret must be whsec_ and base64 of 24 to 64 bytes.")
            .ValidateOnStart();
        services.AddSingleton<INotificationChannel, SignedWebhookChannel>();
        services.AddScoped<NotificationOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
        return services;
    }
}
