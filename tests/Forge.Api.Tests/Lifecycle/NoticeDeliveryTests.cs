using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Lifecycle;
using Forge.Api.Notifications;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Lifecycle;

/// <summary>
/// Where lifecycle notices go and how they get there, end to end (API over HTTP, the real database, the local cloud's
/// SMTP server and Slack Web API on the test's clock): the SMTP server down for an hour during a stale notice (the
/// notice waits, retried with backoff and visible in the outbox, is delivered afterwards, and the termination keeps to
/// the date it states, never before it was delivered); an owner who stated no address gets mail at the one their token
/// states; and an owner who gave their Slack member id gets a direct message from Forge's bot, while an unknown member
/// id is refused for good, with the bot token in no row, answer or log.
/// </summary>
public abstract class NoticeDeliveryTests : LifecycleTestBase
{
    private const string BotToken = "xoxb-forge-test-bot-token-5f1c";

    /// <summary>The lifecycle on; notices by e-mail to the local cloud's SMTP server only; maximum lifetime out of the stale rule's way.</summary>
    private Dictionary<string, string?> EmailOnly()
    {
        var settings = LifecycleWithEmail();
        settings["Lifecycle:Defaults:MaxLifetime"] = "90.00:00:00";
        return settings;
    }

    [Fact]
    public async Task With_the_SMTP_server_down_for_an_hour_the_stale_notice_waits_is_delivered_after_and_the_termination_keeps_its_date()
    {
        var forge = StartForge(EmailOnly());
        var alice = await ClientWithEmailAsync(forge, "alice", "alice@corp.example");
        var ready = await ReadyWorkspaceAsync(alice);
        await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);
        await SettleAfterAsync(Pass);

        await MailOutageAsync(421);
        await SettleAfterAsync(TimeSpan.FromDays(30));
        var told = await (await ClientWithEmailAsync(forge, "alice", "alice@corp.example")).GetWorkspaceAsync(ready.Id);
        var due = told.Lifecycle.StaleTerminationAt!.Value;
        var downSince = Clock.GetUtcNow();
        Assert.Empty(await MailAsync("alice@corp.example"));

        // An hour of outage, a pass at a time: the notice is retried with growing delays, and waits.
        while (Clock.GetUtcNow() < downSince + TimeSpan.FromHours(1))
        {
            await SettleAfterAsync(TimeSpan.FromMinutes(4));
        }

        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var waiting = Assert.Single((await admin.GetFromJsonAsync<List<OutboxMessageView>>("/api/v1/notifications?channel=email", ApiClient.Json))!);
        Assert.Equal(OutboxState.Pending, waiting.State);
        Assert.True(waiting.Attempts >= 5, $"only {waiting.Attempts} attempts in an hour");
        Assert.Contains("deferred", waiting.LastError, StringComparison.Ordinal);
        Assert.True(waiting.NextAttemptAt > waiting.LastAttemptAt, "the next attempt waits out a delay");
        Assert.True(await RefusedAsync() >= waiting.Attempts - 1);
        Assert.Empty(await MailAsync("alice@corp.example"));
        var held = await (await ClientWithEmailAsync(forge, "alice", "alice@corp.example")).GetWorkspaceAsync(ready.Id);
        Assert.Equal(WorkspaceStatus.Stopped, held.Status);
        Assert.Equal(due, held.Lifecycle.StaleTerminationAt);

        await MailOutageAsync(null);
        var mail = Assert.Single(await Eventually.UntilAsync(Clock, () => MailAsync("alice@corp.example"), m => m.Count > 0, Pass));
        var deliveredAt = Clock.GetUtcNow();
        Assert.Contains("terminated at " + LifecycleTimeZones.Format(due, TimeZoneInfo.Utc), mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains("terminate it at " + LifecycleTimeZones.Format(due, TimeZoneInfo.Utc), mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var delivered = Assert.Single((await admin.GetFromJsonAsync<List<OutboxMessageView>>("/api/v1/notifications?channel=email", ApiClient.Json))!);
        Assert.Equal(OutboxState.Delivered, delivered.State);
        Assert.True(delivered.DeliveredAt >= downSince + TimeSpan.FromHours(1));

        await SettleAfterAsync(due - Clock.GetUtcNow() - TimeSpan.FromMinutes(5));
        Assert.Equal(WorkspaceStatus.Stopped, (await (await ClientWithEmailAsync(forge, "alice", "alice@corp.example")).GetWorkspaceAsync(ready.Id)).Status);
        var terminated = await Eventually.UntilAsync(Clock, async () => await (await ClientWithEmailAsync(forge, "alice", "alice@corp.example")).GetWorkspaceAsync(ready.Id),
            w => w.Status == WorkspaceStatus.Terminated, Step, maxRounds: 800);
        var terminate = Assert.Single((await (await forge.ClientForAsync("root", roles: [Roles.Admin])).GetFromJsonAsync<AuditPage>(
            $"/api/v1/audit?target={ready.Id}&action=workspace.terminate", ApiClient.Json))!.Entries);
        Assert.True(terminate.At >= due && terminate.At > deliveredAt);
        Assert.Contains("delivered notice", terminate.Detail, StringComparison.Ordinal);
        Assert.NotNull(terminated.TerminatedAt);
    }

    [Fact]
    public async Task Without_a_stated_address_notices_go_to_the_email_claim_of_the_owners_token_as_their_preferences_show()
    {
        var forge = StartForge(EmailOnly());
        var alice = await ClientWithEmailAsync(forge, "alice", "alice@corp.example");
        var shown = await alice.GetFromJsonAsync<NotificationPreferencesView>("/api/v1/me/notifications", ApiClient.Json);
        Assert.Equal((null, "alice@corp.example"), (shown!.Email, shown.EffectiveEmail));
        var stated = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { email = "alice@home.example" });
        Assert.Equal("alice@home.example", (await stated.Content.ReadFromJsonAsync<NotificationPreferencesView>(ApiClient.Json))!.EffectiveEmail);
        var cleared = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { email = (string?)null });
        Assert.Equal((null, "alice@corp.example"), ((await cleared.Content.ReadFromJsonAsync<NotificationPreferencesView>(ApiClient.Json))!.Email,
            (await alice.GetFromJsonAsync<NotificationPreferencesView>("/api/v1/me/notifications", ApiClient.Json))!.EffectiveEmail));
        var bob = await forge.ClientForAsync("bob"); // no claim, no address: no mail channel for him
        Assert.Null((await bob.GetFromJsonAsync<NotificationPreferencesView>("/api/v1/me/notifications", ApiClient.Json))!.EffectiveEmail);
        var refused = await forge.CreateClient().PostAsJsonAsync("/api/v1/dev/tokens", new { user = "mallory", email = "not an address" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);

        var ready = await ReadyWorkspaceAsync(alice);
        var warned = Assert.Single(await Eventually.UntilAsync(Clock, () => MailAsync("alice@corp.example"), m => m.Count > 0, Step));
        Assert.Contains(ready.Id.ToString(), warned.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Empty(await MailAsync("alice@home.example"));
    }

    [Fact]
    public async Task An_owner_with_a_Slack_member_id_gets_a_direct_message_from_the_bot_and_an_unknown_member_is_refused_for_good()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Lifecycle:Paused"] = "false",
            ["Notifications:Slack:BotToken"] = BotToken,
            ["Notifications:Slack:ApiUrl"] = new Uri(LocalCloudAddress, "_localcloud/slack/api/").ToString(),
        };
        var forge = StartForgeWithLogs(settings);
        using (var control = Control())
        {
            Assert.Equal(HttpStatusCode.NoContent, (await control.PutAsync(new Uri("_localcloud/slack/members/U0ALICE01", UriKind.Relative), null)).StatusCode);
        }

        var alice = await forge.ClientForAsync("alice");
        var bob = await forge.ClientForAsync("bob");
        var badId = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { slackMemberId = "@alice" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.True((await badId.ProblemAsync()).GetProperty("errors").TryGetProperty("slackMemberId", out _));
        var saved = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { slackMemberId = "U0ALICE01" });
        var view = (await saved.Content.ReadFromJsonAsync<NotificationPreferencesView>(ApiClient.Json))!;
        Assert.Equal("U0ALICE01", view.SlackMemberId);
        Assert.Contains(SlackDirectMessageChannel.ChannelName, view.Channels);
        Assert.Equal(HttpStatusCode.OK, (await bob.PutAsJsonAsync("/api/v1/me/notifications", new { slackMemberId = "U0NOBODY9" })).StatusCode);

        var hers = await alice.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem = "linux" });
        var his = await bob.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem = "linux" });
        await UntilStatusAsync(alice, hers.Id, WorkspaceStatus.Ready);
        await UntilStatusAsync(bob, his.Id, WorkspaceStatus.Ready);
        var calls = await Eventually.UntilAsync(Clock, SlackCallsAsync, c => c.Count >= 2, Step);

        var toAlice = Assert.Single(calls, c => c.GetProperty("channel").GetString() == "U0ALICE01");
        Assert.True(toAlice.GetProperty("ok").GetBoolean());
        Assert.Equal("Bearer " + BotToken, toAlice.GetProperty("authorization").GetString());
        Assert.Contains(hers.Id.ToString(), toAlice.GetProperty("text").GetString(), StringComparison.Ordinal);
        var toBob = Assert.Single(calls, c => c.GetProperty("channel").GetString() == "U0NOBODY9");
        Assert.Equal("channel_not_found", toBob.GetProperty("error").GetString());

        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        var outbox = await admin.GetStringAsync("/api/v1/notifications?channel=slack-dm");
        var rows = JsonSerializer.Deserialize<List<OutboxMessageView>>(outbox, ApiClient.Json)!;
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, r => r.State == OutboxState.Delivered);
        var failed = Assert.Single(rows, r => r.State == OutboxState.Failed);
        Assert.Equal(1, failed.Attempts); // refused for good: not retried
        Assert.Contains("channel_not_found", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(BotToken, outbox, StringComparison.Ordinal);
        Assert.DoesNotContain(Logs.Lines, l => l.Message.Contains(BotToken, StringComparison.Ordinal));
    }

    private static async Task<HttpClient> ClientWithEmailAsync(ForgeApp forge, string user, string email)
    {
        var client = forge.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/dev/tokens", new DevTokenRequest(user, [], [Roles.Developer], null, email));
        response.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await response.Content.ReadFromJsonAsync<DevTokenResponse>(ApiClient.Json))!.Token);
        return client;
    }

    private async Task<int> RefusedAsync()
    {
        using var control = Control();
        return (await control.GetFromJsonAsync<JsonElement>(new Uri("_localcloud/mail", UriKind.Relative))).GetProperty("refused").GetInt32();
    }

    private async Task<List<JsonElement>> SlackCallsAsync()
    {
        using var control = Control();
        return [.. (await control.GetFromJsonAsync<JsonElement>(new Uri("_localcloud/slack/calls", UriKind.Relative))).GetProperty("calls").EnumerateArray()];
    }

    private async Task MailOutageAsync(int? code)
    {
        using var control = Control();
        using var response = code is { } c
            ? await control.PutAsJsonAsync(new Uri("_localcloud/mail/outage", UriKind.Relative), new { code = c })
            : await control.DeleteAsync(new Uri("_localcloud/mail/outage", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }
}

public sealed class NoticeDeliveryTestsOnSqlite : NoticeDeliveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class NoticeDeliveryTestsOnPostgres : NoticeDeliveryTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
