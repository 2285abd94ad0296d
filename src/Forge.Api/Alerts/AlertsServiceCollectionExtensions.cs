using Forge.Api.Monitoring;

namespace Forge.Api.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>The SLO's alert rules, evaluated every minute by <see cref="AlertEvaluator"/>; needs notifications and provisioning monitoring.</summary>
    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.SectionName)
            .Validate(o => o.EvaluationInterval >= TimeSpan.FromSeconds(1) && o.EvaluationInterval <= TimeSpan.FromMinutes(5),
                "Alerts:EvaluationInterval must be 1 second to 5 minutes (the shortest window is 5 minutes).")
            .Validate(o => o.MinimumFiringTime >= TimeSpan.Zero, "Alerts:MinimumFiringTime must not be negative.")
            .Validate(o => o.MinimumRequests >= 1 && o.FailureRateMinimumRequests >= 1, "Alerts minimum request counts must be at least 1.")
            .Validate(o => o.FailureRateThreshold is > 0 and <= 1, "Alerts:FailureRateThreshold must be above 0 and at most 1.")
            .Validate(o => o.FailureRateWindow > TimeSpan.Zero && o.FailureRateWindow <= AlertRules.LongestWindow,
                "Alerts:FailureRateWindow must be positive and at most 3 days.")
            .Validate(o => o.PageChannels.Concat(o.TicketChannels).All(c => c is "pagerduty" or "slack" or "sns"),
                "Alerts channels must be among pagerduty, slack and sns.")
            .ValidateOnStart();
        services.AddOptions<SlaOptions>()
            .Validate(o => o.Objective is >= 0.5 and <= 0.9999, "Sla:Objective must be 0.5 to 0.9999.")
            .Validate(o => o.StuckAfter > o.Target, "Sla:StuckAfter must be longer than Sla:Target.")
            .Validate(o => o.ObjectiveWindow >= TimeSpan.FromDays(1), "Sla:ObjectiveWindow must be at least a day.");
        services.AddSingleton<SlaEventCache>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        return services;
    }
}
