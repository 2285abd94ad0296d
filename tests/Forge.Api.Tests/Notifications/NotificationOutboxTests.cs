using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Auth;
using Forge.Api.Notifications;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Notifications;

/// <summary>
/// The durable outbox through its real parts: notices written with a decision, delivered over HTTP to the
/// local cloud's webhook sinks (and SNS) by the dispatcher on the test's clock, retried through outages,
/// given up when refused for good, in order where asked, once across two Forge processes.
/// </summary>
public abstract class NotificationOutboxTests : ForgeTestBase
{
    private static readonly TimeSpan Step = TimeSpan.FromSeconds(10);

    private Dictionary<string, string?> Channels() => NotificationChannelsOnLocalCloud();

    private static async Task<bool> EnqueueAsync(ForgeApp forge, string channel, string key, string subject = "Subject",
        string? details = null, string? orderKey = null)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        var outbox = scope.ServiceProvider.GetRequiredService<NotificationOutbox>();
        var added = await outbox.EnqueueAsync(channel, key, subject, "Body of " + key, details: details, orderKey: orderKey);
        await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().SaveChangesAsync();
        return added;
    }

    private static async Task<OutboxMessage> MessageAsync(ForgeApp forge, string channel, string key)
    {
        await using var scope = forge.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ForgeDbContext>().OutboxMessages.AsNoTracking()
            .SingleAsync(m => m.Channel == channel && m.DedupKey == key);
    }

    private Task<List<JsonElement>> ReceivedAsync(string sink) => WebhooksReceivedAsync(sink);

    private async Task SetOutageAsync(string sink, int? status)
    {
        using var http = new HttpClient { BaseAddress = LocalCloudAddress };
        using var response = status is { } code
            ? await http.PutAsJsonAsync($"_localcloud/webhooks/{sink}/outage", new { status = code })
            : await http.DeleteAsync($"_localcloud/webhooks/{sink}/outage");
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task A_notice_is_delivered_once_even_when_asked_for_twice()
    {
        var forge = StartForge(Channels());

        Assert.True(await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "stale:ws-1:2026-04-01", "Workstation ws-1 is stale"));
        Assert.False(await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "stale:ws-1:2026-04-01", "Workstation ws-1 is stale"));

        var received = await Eventually.UntilAsync(Clock, () => ReceivedAsync("slack"), r => r.Count > 0, Step);
        var text = JsonDocument.Parse(received[0].GetProperty("body").GetString()!).RootElement.GetProperty("text").GetString();
        Assert.Contains("Workstation ws-1 is stale", text, StringComparison.Ordinal);
        Assert.Contains("Body of stale:ws-1:2026-04-01", text, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromMinutes(5));
        await Clock.SettleAsync();
        Assert.Single(await ReceivedAsync("slack"));
        var message = await MessageAsync(forge, SlackWebhookChannel.ChannelName, "stale:ws-1:2026-04-01");
        Assert.Equal(OutboxState.Delivered, message.State);
        Assert.Equal(1, message.Attempts);
        Assert.NotNull(message.DeliveredAt);
    }

    [Fact]
    public async Task A_receiver_down_for_an_hour_gets_the_notice_afterwards_with_backoff_between_attempts()
    {
        var forge = StartForge(Channels());
        await SetOutageAsync("slack", 503);
        await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "outage");

        for (var minute = 0; minute < 60; minute++)
        {
            Clock.Advance(TimeSpan.FromMinutes(1));
            await Clock.SettleAsync();
        }

        var waiting = await MessageAsync(forge, SlackWebhookChannel.ChannelName, "outage");
        Assert.Equal(OutboxState.Pending, waiting.State);
        Assert.Contains("503", waiting.LastError, StringComparison.Ordinal);
        // 5 s doubling to a 5-minute cap: about 16 attempts in an hour, not one per pass (360).
        Assert.InRange(waiting.Attempts, 12, 20);
        Assert.Empty(await ReceivedAsync("slack"));

        await SetOutageAsync("slack", null);
        await Eventually.UntilAsync(Clock, () => ReceivedAsync("slack"), r => r.Count > 0, Step);
        Assert.Equal(OutboxState.Delivered, (await MessageAsync(forge, SlackWebhookChannel.ChannelName, "outage")).State);
        Assert.Single(await ReceivedAsync("slack"));
    }

    [Fact]
    public async Task A_receiver_that_refuses_the_message_for_good_is_not_retried()
    {
        var forge = StartForge(Channels());
        await SetOutageAsync("slack", 404);
        await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "refused");

        var failed = await Eventually.UntilAsync(Clock, () => MessageAsync(forge, SlackWebhookChannel.ChannelName, "refused"),
            m => m.State != OutboxState.Pending, Step);
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains("404", failed.LastError, StringComparison.Ordinal);

        Clock.Advance(TimeSpan.FromHours(1));
        await Clock.SettleAsync();
        Assert.Equal(1, (await MessageAsync(forge, SlackWebhookChannel.ChannelName, "refused")).Attempts);
    }

    [Fact]
    public async Task A_message_still_failing_after_the_give_up_age_is_failed_and_kept()
    {
        var settings = Channels();
        settings["Notifications:GiveUpAfter"] = "00:30:00";
        var forge = StartForge(settings);
        await SetOutageAsync("slack", 500);
        await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "too-old");

        var failed = await Eventually.UntilAsync(Clock, () => MessageAsync(forge, SlackWebhookChannel.ChannelName, "too-old"),
            m => m.State != OutboxState.Pending, TimeSpan.FromMinutes(1));
        Assert.Equal(OutboxState.Failed, failed.State);
        Assert.True(failed.LastAttemptAt - failed.CreatedAt >= TimeSpan.FromMinutes(30));
    }

    [Fact]
    public async Task A_pagerduty_resolve_waits_for_its_trigger_and_both_carry_the_incident_key()
    {
        var forge = StartForge(Channels());
        await SetOutageAsync("pagerduty", 502);
        await EnqueueAsync(forge, PagerDutyChannel.ChannelName, "incident-7:trigger", "SLA burning",
            new PagerDutyEvent("trigger", "forge/sla/incident-7", "critical").ToJson(), orderKey: "incident-7");
        Clock.Advance(TimeSpan.FromMinutes(2));
        await Clock.SettleAsync();
        await EnqueueAsync(forge, PagerDutyChannel.ChannelName, "incident-7:resolve", "SLA recovered",
            new PagerDutyEvent("resolve", "forge/sla/incident-7").ToJson(), orderKey: "incident-7");
        for (var i = 0; i < 10; i++)
        {
            Clock.Advance(Step);
            await Clock.SettleAsync();
        }

        // The resolve is due but not tried while its trigger has not gone out.
        Assert.Equal(0, (await MessageAsync(forge, PagerDutyChannel.ChannelName, "incident-7:resolve")).Attempts);

        await SetOutageAsync("pagerduty", null);
        var received = await Eventually.UntilAsync(Clock, () => ReceivedAsync("pagerduty"), r => r.Count >= 2, Step);
        var events = received.Select(r => JsonDocument.Parse(r.GetProperty("body").GetString()!).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal("forge/sla/incident-7", e.GetProperty("dedup_key").GetString()));
        Assert.All(events, e => Assert.Equal("test-routing-key", e.GetProperty("routing_key").GetString()));
        Assert.Equal("SLA burning", events[0].GetProperty("payload").GetProperty("summary").GetString());
        Assert.Equal("critical", events[0].GetProperty("payload").GetProperty("severity").GetString());
    }

    [Fact]
    public async Task Sns_receives_the_notice_on_the_configured_topic_with_a_subject_it_accepts()
    {
        var forge = StartForge(Channels());
        var longSubject = "Provisioning SLA\nburning " + new string('x', 200);
        await EnqueueAsync(forge, SnsChannel.ChannelName, "sns-1", longSubject);

        using var http = new HttpClient { BaseAddress = LocalCloudAddress };
        var messages = await Eventually.UntilAsync(Clock,
            async () => (await http.GetFromJsonAsync<JsonElement>("_localcloud/sns/messages?topicArn=arn:aws:sns:us-east-1:000000000000:forge-alerts"))
                .GetProperty("messages").EnumerateArray().ToList(),
            m => m.Count > 0, Step);
        var message = Assert.Single(messages);
        Assert.Equal("Body of sns-1", message.GetProperty("message").GetString());
        var subject = message.GetProperty("subject").GetString()!;
        Assert.True(subject.Length < 100);
        Assert.StartsWith("Provisioning SLA burning", subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_forge_processes_deliver_each_message_once()
    {
        var first = StartForge(Channels());
        var second = StartForge(Channels());
        for (var i = 0; i < 40; i++)
        {
            await EnqueueAsync(i % 2 == 0 ? first : second, SlackWebhookChannel.ChannelName, $"pair-{i}");
        }

        var received = await Eventually.UntilAsync(Clock, () => ReceivedAsync("slack"), r => r.Count >= 40, Step);
        Clock.Advance(TimeSpan.FromMinutes(5));
        await Clock.SettleAsync();
        received = await ReceivedAsync("slack");
        var keys = received.Select(r => JsonDocument.Parse(r.GetProperty("body").GetString()!).RootElement.GetProperty("text").GetString()!)
            .Select(t => t[(t.IndexOf("Body of ", StringComparison.Ordinal) + 8)..]).ToList();
        Assert.Equal(40, keys.Count);
        Assert.Equal(40, keys.Distinct().Count());
    }

    [Fact]
    public async Task Admins_see_the_outbox_and_others_are_refused()
    {
        var forge = StartForge(Channels());
        await SetOutageAsync("slack", 503);
        await EnqueueAsync(forge, SlackWebhookChannel.ChannelName, "visible");
        Clock.Advance(Step);
        await Clock.SettleAsync();

        var admin = await forge.ClientForAsync("ada", roles: [Roles.Admin]);
        var rows = await admin.GetFromJsonAsync<List<OutboxMessageView>>("/api/v1/notifications?state=pending&channel=slack", ApiClient.Json);
        var row = Assert.Single(rows!);
        Assert.Equal("visible", row.DedupKey);
        Assert.True(row.Attempts >= 1);
        Assert.Contains("503", row.LastError, StringComparison.Ordinal);
        Assert.NotNull(row.NextAttemptAt);

        using var badState = await admin.GetAsync("/api/v1/notifications?state=lost");
        Assert.Equal(HttpStatusCode.BadRequest, badState.StatusCode);
        Assert.Contains("state", (await badState.ProblemAsync()).GetRawText(), StringComparison.Ordinal);

        var developer = await forge.ClientForAsync("dev");
        using var refused = await developer.GetAsync("/api/v1/notifications");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }
}

public sealed class NotificationOutboxTestsOnSqlite : NotificationOutboxTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class NotificationOutboxTestsOnPostgres : NotificationOutboxTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
