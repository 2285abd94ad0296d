using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Forge.Api.Audit;
using Forge.Api.Auth;
using Forge.Api.Lifecycle;
using Forge.Api.Tests.Support;
using Forge.Api.Tests.Volumes;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;

namespace Forge.Api.Tests.Lifecycle;

/// <summary>
/// The lifecycle manager end to end (API over HTTP, the real database, the local cloud on the test's clock,
/// notices through the outbox to the local cloud's webhook sink): a workstation nobody connects to is warned
/// at 45 minutes and stopped at 60 with its dotfiles saved; one with a session is left alone; AWS's AUTO_STOP
/// (kept behind Forge's idle stop) is followed; a workstation stopped 30 days is told and terminated 7 days
/// after a delivered notice, its volume kept, unless started meanwhile; maximum lifetime notices at 7 days
/// and 1 day, then termination; a kill between notice and action neither repeats the notice nor skips the
/// action; and a notice channel down holds the termination until the notice is delivered.
/// </summary>
public abstract class LifecycleTests : LifecycleTestBase
{
    /// <summary>The lifecycle on, with maximum lifetime far enough away not to meet the stale rule.</summary>
    private Dictionary<string, string?> StaleOnly()
    {
        var settings = LifecycleOn();
        settings["Lifecycle:Defaults:MaxLifetime"] = "90.00:00:00";
        return settings;
    }

    /// <summary>The lifecycle on, notices by e-mail and to the local cloud's Slack webhook sink.</summary>
    private Dictionary<string, string?> LifecycleOn()
    {
        var settings = LifecycleWithEmail();
        settings["Notifications:Slack:WebhookUrl"] = new Uri(LocalCloudAddress, "_localcloud/webhooks/slack").ToString();
        return settings;
    }

    [Fact]
    public async Task A_workstation_nobody_connects_to_is_warned_at_45_minutes_and_stopped_at_60_with_its_dotfiles_saved()
    {
        var forge = StartForge(LifecycleOn());
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        await PutHomeFileAsync(ready.CloudWorkspaceId!, ".vimrc", "set number\n");

        var stopped = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id), w => w.Status == WorkspaceStatus.Stopped, Step);

        var notice = Assert.Single(await AuditAsync(forge, ready.Id, "lifecycle.notice"));
        Assert.StartsWith(NoticeKinds.IdleWarning, notice.Detail, StringComparison.Ordinal);
        Within(ready.ReadyAt!.Value + TimeSpan.FromMinutes(45), notice.At, Pass + Step);
        var stop = Assert.Single(await AuditAsync(forge, ready.Id, "workspace.stop"));
        Assert.Equal(AuditLog.SystemActor, stop.Actor);
        Assert.Contains("lifecycle idle-stop", stop.Detail, StringComparison.Ordinal);
        Within(ready.ReadyAt!.Value + TimeSpan.FromMinutes(60), stop.At, Pass + Step);
        Assert.Equal(StepStatus.Succeeded, LastStep(stopped, StepNames.PersistDotfiles).Status);
        Assert.True(LastStep(stopped, StepNames.PersistDotfiles).StartedAt >= stop.At);
        Assert.Empty(Machine(ready.CloudWorkspaceId!).Mounts); // the volume was released before the stop

        // The warning states the stop's time (60 minutes idle, or its full 15 minutes when the pass sent it a little late), and the stop keeps it.
        var due = DateTimeOffset.Parse(notice.Detail!.Split("due ")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Within(ready.ReadyAt!.Value + TimeSpan.FromMinutes(60), due, Pass);
        Assert.True(stop.At >= due);
        var message = Assert.Single(await SinkAsync());
        Assert.Contains("stops at " + LifecycleTimeZones.Format(due, TimeZoneInfo.Utc), message, StringComparison.Ordinal);
        Assert.Equal(WorkspaceStatus.Stopped, (await alice.GetWorkspaceAsync(ready.Id)).Status);
    }

    [Fact]
    public async Task A_workstation_with_a_session_is_left_alone_and_shows_it()
    {
        var forge = StartForge(LifecycleOn());
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        await UserAsync(ready.CloudWorkspaceId!, "connect", HttpStatusCode.OK);
        var connectedAt = Clock.GetUtcNow();

        for (var i = 0; i < 12; i++)
        {
            Clock.Advance(TimeSpan.FromMinutes(15));
            await Clock.SettleAsync();
        }

        var after = await alice.GetWorkspaceAsync(ready.Id);
        Assert.Equal((WorkspaceStatus.Ready, true, connectedAt), (after.Status, after.Connected, after.LastConnectedAt));
        Assert.Equal(LifecycleActions.LifetimeNotice, after.Lifecycle.NextAction); // the only rule left: 7 days before its maximum lifetime
        Assert.Equal(ready.ReadyAt!.Value + TimeSpan.FromDays(23), after.Lifecycle.NextActionAt);
        Assert.Empty(await SinkAsync());
        Assert.Empty(await AuditAsync(forge, ready.Id, "lifecycle.notice"));
    }

    [Fact]
    public async Task Keep_alive_exempts_from_the_idle_stop_and_the_clouds_AUTO_STOP_behind_it_is_followed()
    {
        var forge = StartForge(LifecycleOn());
        var alice = await forge.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        var kept = await KeepAliveAsync(alice, ready.Id, true, HttpStatusCode.OK);
        Assert.Equal((1, 3), (kept!.Lifecycle.KeepAliveRenewalsUsed, kept.Lifecycle.KeepAliveRenewalsLeft));

        var stopped = await Eventually.UntilAsync(Clock, () => alice.GetWorkspaceAsync(ready.Id), w => w.Status == WorkspaceStatus.Stopped, Step, maxRounds: 800);

        // Created with AUTO_STOP at 120 minutes, an hour behind Forge's idle stop: AWS stopped it, Forge followed.
        var cloud = await new Forge.Aws.WorkSpaces.WorkSpacesClient(CloudClients()).DescribeWorkspacesAsync(
            new Forge.Aws.WorkSpaces.DescribeWorkspacesRequest { WorkspaceIds = [ready.CloudWorkspaceId!] }, "us-east-1");
        Assert.Equal(120, cloud.Workspaces.Single().WorkspaceProperties!.RunningModeAutoStopTimeoutInMinutes);
        Assert.True(Clock.GetUtcNow() - ready.ReadyAt!.Value >= TimeSpan.FromMinutes(100));
        Assert.Empty(await AuditAsync(forge, ready.Id, "workspace.stop"));
        Assert.Contains("outside Forge", Assert.Single(await AuditAsync(forge, ready.Id, "workspace.stopped")).Detail, StringComparison.Ordinal);
        Assert.Empty(await SinkAsync());
        Assert.Equal(WorkspaceStatus.Stopped, stopped.Status);
    }

    [Fact]
    public async Task A_workstation_stopped_30_days_is_told_the_exact_date_and_terminated_7_days_later_its_volume_kept()
    {
        var forge = StartForge(StaleOnly());
        var ready = await ReadyWorkspaceAsync(await forge.ClientForAsync("alice"));
        await TransitionAsync(await forge.ClientForAsync("alice"), ready.Id, "stop", WorkspaceStatus.Stopped);
        await SettleAfterAsync(Pass);
        var stoppedSeen = Clock.GetUtcNow();

        await SettleAfterAsync(TimeSpan.FromDays(30));
        var told = await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id);
        var terminateAt = told.Lifecycle.StaleTerminationAt!.Value;
        Assert.Equal(told.Lifecycle.StaleSince!.Value + TimeSpan.FromDays(7), terminateAt);
        Assert.True(told.Lifecycle.StaleSince >= stoppedSeen + TimeSpan.FromDays(30) - Pass);
        var message = Assert.Single(await SinkAsync());
        Assert.Contains("terminated at " + LifecycleTimeZones.Format(terminateAt, TimeZoneInfo.Utc), message, StringComparison.Ordinal);

        await SettleAfterAsync(terminateAt - Clock.GetUtcNow() - TimeSpan.FromMinutes(5));
        Assert.Equal(WorkspaceStatus.Stopped, (await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id)).Status);

        var alice = await forge.ClientForAsync("alice");
        var terminated = await UntilStatusAsync(alice, ready.Id, WorkspaceStatus.Terminated);
        var terminate = Assert.Single(await AuditAsync(forge, ready.Id, "workspace.terminate"));
        Assert.Contains("lifecycle stale-terminate", terminate.Detail, StringComparison.Ordinal);
        Assert.True(terminate.At >= terminateAt);
        Assert.NotNull(terminated.TerminatedAt);
        var volumes = await alice.GetFromJsonAsync<JsonElement>("/api/v1/volumes", ApiClient.Json);
        Assert.Single(volumes.GetProperty("volumes").EnumerateArray()); // the user's volume outlives the workstation
    }

    [Fact]
    public async Task A_stale_workstation_started_on_day_33_is_not_terminated()
    {
        var forge = StartForge(StaleOnly());
        var ready = await ReadyWorkspaceAsync(await forge.ClientForAsync("alice"));
        await TransitionAsync(await forge.ClientForAsync("alice"), ready.Id, "stop", WorkspaceStatus.Stopped);
        await SettleAfterAsync(Pass);
        await SettleAfterAsync(TimeSpan.FromDays(30));
        Assert.Single(await SinkAsync());

        await SettleAfterAsync(TimeSpan.FromDays(3));
        var alice = await forge.ClientForAsync("alice");
        await TransitionAsync(alice, ready.Id, "start", WorkspaceStatus.Ready);
        await UserAsync(ready.CloudWorkspaceId!, "connect", HttpStatusCode.OK);
        await SettleAfterAsync(TimeSpan.FromDays(5));

        var after = await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id);
        Assert.Equal(WorkspaceStatus.Ready, after.Status);
        Assert.Null(after.Lifecycle.StaleTerminationAt);
        Assert.Empty(await AuditAsync(forge, ready.Id, "workspace.terminate"));
    }

    [Fact]
    public async Task Maximum_lifetime_notices_come_7_days_and_1_day_before_then_the_workstation_is_terminated()
    {
        var forge = StartForge(LifecycleOn());
        var ready = await ReadyWorkspaceAsync(await forge.ClientForAsync("alice"));
        await UserAsync(ready.CloudWorkspaceId!, "connect", HttpStatusCode.OK); // in use the whole time: no idle stop
        var end = ready.ReadyAt!.Value + TimeSpan.FromDays(30);

        await SettleAfterAsync(end - TimeSpan.FromDays(7) - Clock.GetUtcNow() - (2 * Pass)); // a pass short of the 7-day mark
        Assert.Empty(await SinkAsync());
        await SettleAfterAsync(Pass + Pass);
        Assert.Contains("terminated at " + LifecycleTimeZones.Format(end, TimeZoneInfo.Utc), Assert.Single(await SinkAsync()), StringComparison.Ordinal);

        await SettleAfterAsync(end - TimeSpan.FromDays(1) - Clock.GetUtcNow() - (2 * Pass)); // a pass short of the 1-day mark
        Assert.Single(await SinkAsync());
        await SettleAfterAsync(Pass + Pass);
        Assert.Equal(2, (await SinkAsync()).Count);
        Assert.Equal(WorkspaceStatus.Ready, (await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id)).Status);

        await SettleAfterAsync(end - Clock.GetUtcNow());
        await UntilStatusAsync(await forge.ClientForAsync("alice"), ready.Id, WorkspaceStatus.Terminated);
        var terminate = Assert.Single(await AuditAsync(forge, ready.Id, "workspace.terminate"));
        Assert.Contains("lifecycle lifetime-terminate", terminate.Detail, StringComparison.Ordinal);
        // The final notice leaves a full day: sent the pass after its time, it states (and keeps) a due a little past the end.
        var final = Assert.Single(await AuditAsync(forge, ready.Id, "lifecycle.notice"), e => e.Detail!.StartsWith(NoticeKinds.LifetimeFinal, StringComparison.Ordinal));
        var due = DateTimeOffset.Parse(final.Detail!.Split("due ")[1].Split(';')[0], System.Globalization.CultureInfo.InvariantCulture);
        Within(end, due, 3 * Pass);
        Within(due, terminate.At, Pass + Step);
    }

    [Fact]
    public async Task Killed_between_the_warning_and_the_stop_the_next_process_neither_warns_again_nor_skips_the_stop()
    {
        var first = StartForge(LifecycleOn());
        var alice = await first.ClientForAsync("alice");
        var ready = await ReadyWorkspaceAsync(alice);
        await Eventually.UntilAsync(Clock, SinkAsync, m => m.Count == 1, Pass);
        await KillAsync(first);

        var second = StartForge(LifecycleOn());
        var stopped = await Eventually.UntilAsync(Clock, async () => await (await second.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id),
            w => w.Status == WorkspaceStatus.Stopped, Step);
        Assert.Single(await SinkAsync());
        Assert.Single(await AuditAsync(second, ready.Id, "lifecycle.notice"));
        Within(ready.ReadyAt!.Value + TimeSpan.FromMinutes(60), Assert.Single(await AuditAsync(second, ready.Id, "workspace.stop")).At, Pass + Step);
        Assert.Equal(StepStatus.Succeeded, LastStep(stopped, StepNames.PersistDotfiles).Status);
    }

    [Fact]
    public async Task A_notice_channel_down_holds_the_stale_termination_until_the_notice_is_delivered()
    {
        var settings = StaleOnly();
        settings["Notifications:GiveUpAfter"] = "30.00:00:00"; // still retrying past the due date, not given up
        var forge = StartForge(settings);
        var ready = await ReadyWorkspaceAsync(await forge.ClientForAsync("alice"));
        await TransitionAsync(await forge.ClientForAsync("alice"), ready.Id, "stop", WorkspaceStatus.Stopped);
        await SettleAfterAsync(Pass);
        await OutageAsync(503);
        await SettleAfterAsync(TimeSpan.FromDays(30));
        Assert.Empty(await SinkAsync());

        await SettleAfterAsync(TimeSpan.FromDays(7) + TimeSpan.FromHours(1));
        var held = await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id);
        Assert.Equal(WorkspaceStatus.Stopped, held.Status); // past its date, but the owner was never told
        Assert.Contains("waiting for the notice", held.Lifecycle.Reason, StringComparison.Ordinal);

        await OutageAsync(null);
        var message = await Eventually.UntilAsync(Clock, SinkAsync, m => m.Count == 1, Pass);
        Assert.Contains("is terminated at", message.Single(), StringComparison.Ordinal);
        await UntilStatusAsync(await forge.ClientForAsync("alice"), ready.Id, WorkspaceStatus.Terminated);
    }

    [Fact]
    public async Task Keep_alive_renewals_are_counted_and_refused_past_the_blueprints_limit_or_where_it_forbids_them()
    {
        var settings = LifecycleOn();
        settings["Lifecycle:Blueprints:backend:KeepAliveMaxRenewals"] = "2";
        var forge = StartForge(settings);
        var alice = await forge.ClientForAsync("alice");
        var created = await alice.CreateWorkspaceAsync(new { blueprint = "backend", operatingSystem = "linux" });
        Assert.Equal(1, (await KeepAliveAsync(alice, created.Id, true, HttpStatusCode.OK))!.Lifecycle.KeepAliveRenewalsLeft);
        var second = await KeepAliveAsync(alice, created.Id, true, HttpStatusCode.OK);
        Assert.Equal((2, 0), (second!.Lifecycle.KeepAliveRenewalsUsed, second.Lifecycle.KeepAliveRenewalsLeft));
        Assert.Equal(Clock.GetUtcNow() + TimeSpan.FromDays(7), second.Lifecycle.KeepAliveUntil);
        await KeepAliveAsync(alice, created.Id, true, HttpStatusCode.Conflict);
        var off = await KeepAliveAsync(alice, created.Id, false, HttpStatusCode.OK);
        Assert.Equal(Clock.GetUtcNow(), off!.Lifecycle.KeepAliveUntil);
        var entries = await AuditAsync(forge, created.Id, "workspace.keep-alive");
        Assert.Equal([AuditOutcome.Accepted, AuditOutcome.Accepted, AuditOutcome.Rejected, AuditOutcome.Accepted], entries.Select(e => e.Outcome).Reverse());

        var forbidding = LifecycleOn();
        forbidding["Lifecycle:Blueprints:frontend:KeepAliveAllowed"] = "false";
        var other = StartForge(forbidding);
        var bob = await other.ClientForAsync("bob");
        var web = await bob.CreateWorkspaceAsync(new { blueprint = "frontend", operatingSystem = "linux" });
        var refused = await bob.PutAsJsonAsync($"/api/v1/workspaces/{web.Id}/keep-alive", new { enabled = true });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("not allowed for blueprint 'frontend'", (await refused.ProblemAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stale_notice_reaches_its_owner_by_email_with_the_date_in_their_time_zone_and_by_a_signed_webhook()
    {
        var settings = StaleOnly();
        var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        settings["Notifications:Webhook:Url"] = new Uri(LocalCloudAddress, "_localcloud/webhooks/receiver").ToString();
        settings["Notifications:Webhook:Secret"] = "whsec_" + Convert.ToBase64String(key);
        var forge = StartForge(settings);
        var alice = await forge.ClientForAsync("alice");
        var refused = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { email = "alice@example.com", timeZone = "Mars/Olympus_Mons" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.True((await refused.ProblemAsync()).GetProperty("errors").TryGetProperty("timeZone", out _));
        var saved = await alice.PutAsJsonAsync("/api/v1/me/notifications", new { email = "alice@example.com", timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var preferences = await alice.GetFromJsonAsync<NotificationPreferencesView>("/api/v1/me/notifications", ApiClient.Json);
        Assert.Equal(("alice@example.com", "Europe/Berlin"), (preferences!.Email, preferences.EffectiveTimeZone));
        Assert.Contains("email", preferences.Channels);

        var ready = await ReadyWorkspaceAsync(alice);
        await TransitionAsync(alice, ready.Id, "stop", WorkspaceStatus.Stopped);
        await SettleAfterAsync(Pass);
        await SettleAfterAsync(TimeSpan.FromDays(30));
        var told = await (await forge.ClientForAsync("alice")).GetWorkspaceAsync(ready.Id);
        var due = told.Lifecycle.StaleTerminationAt!.Value;

        var mail = Assert.Single(await Eventually.UntilAsync(Clock, MailAsync, m => m.Count > 0, Pass));
        Assert.True(LifecycleTimeZones.TryFind("Europe/Berlin", out var berlin));
        var stated = LifecycleTimeZones.Format(due, berlin); // early April: summer time, UTC+02:00
        Assert.Contains("(UTC+02:00, Europe/Berlin;", stated, StringComparison.Ordinal);
        Assert.Contains(stated, mail.GetProperty("subject").GetString(), StringComparison.Ordinal);
        Assert.Contains(stated, mail.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<p>", mail.GetProperty("html").GetString(), StringComparison.Ordinal);
        Assert.Contains("forge@forge.test", mail.GetProperty("from").GetString(), StringComparison.Ordinal);
        Assert.Single(await SinkAsync()); // and on Slack, where the owner gave no address

        // The signed webhook: a receiver holding the secret verifies it (Standard Webhooks) and a tampered body fails.
        using var control = Control();
        var hooks = await control.GetFromJsonAsync<JsonElement>(new Uri("_localcloud/webhooks?name=receiver", UriKind.Relative));
        var hook = Assert.Single(hooks.GetProperty("webhooks").EnumerateArray());
        var headers = hook.GetProperty("headers");
        var id = headers.GetProperty("webhook-id").GetString()!;
        var timestamp = long.Parse(headers.GetProperty("webhook-timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        var body = hook.GetProperty("body").GetString()!;
        string Expected(string signed) => "v1," + Convert.ToBase64String(System.Security.Cryptography.HMACSHA256.HashData(key,
            System.Text.Encoding.UTF8.GetBytes($"{id}.{timestamp}.{signed}")));
        Assert.Equal(Expected(body), headers.GetProperty("webhook-signature").GetString());
        Assert.NotEqual(Expected(body.Replace("stale", "fresh", StringComparison.Ordinal)), headers.GetProperty("webhook-signature").GetString());
        Assert.InRange(timestamp, Clock.GetUtcNow().AddMinutes(-5).ToUnixTimeSeconds(), Clock.GetUtcNow().ToUnixTimeSeconds());
        Assert.Contains(stated, JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("subject").GetString(), StringComparison.Ordinal);
    }

    private Task<List<JsonElement>> MailAsync() => MailAsync("alice@example.com");

    private static void Within(DateTimeOffset expected, DateTimeOffset actual, TimeSpan slack) =>
        Assert.True(actual >= expected && actual <= expected + slack, $"{actual:O} is not within {slack} after {expected:O}");

    private static async Task<List<AuditEntryView>> AuditAsync(ForgeApp forge, Guid id, string action)
    {
        var admin = await forge.ClientForAsync("root", roles: [Roles.Admin]);
        return (await admin.GetFromJsonAsync<AuditPage>($"/api/v1/audit?target={id}&action={action}", ApiClient.Json))!.Entries;
    }

    /// <summary>The texts the Slack sink received, oldest first.</summary>
    private async Task<List<string>> SinkAsync()
    {
        using var control = Control();
        var page = await control.GetFromJsonAsync<JsonElement>(new Uri("_localcloud/webhooks?name=slack", UriKind.Relative));
        return [.. page.GetProperty("webhooks").EnumerateArray().Select(w => JsonDocument.Parse(w.GetProperty("body").GetString()!).RootElement.GetProperty("text").GetString()!)];
    }

    private async Task OutageAsync(int? status)
    {
        using var control = Control();
        using var response = status is { } code
            ? await control.PutAsJsonAsync(new Uri("_localcloud/webhooks/slack/outage", UriKind.Relative), new { status = code })
            : await control.DeleteAsync(new Uri("_localcloud/webhooks/slack/outage", UriKind.Relative));
        response.EnsureSuccessStatusCode();
    }

    private async Task UserAsync(string cloudWorkspaceId, string action, HttpStatusCode expected)
    {
        using var control = Control();
        using var response = await control.PostAsync(new Uri($"_localcloud/machines/{cloudWorkspaceId}/{action}", UriKind.Relative), null);
        Assert.Equal(expected, response.StatusCode);
    }

    private static async Task<WorkspaceView?> KeepAliveAsync(HttpClient client, Guid id, bool enabled, HttpStatusCode expected)
    {
        var response = await client.PutAsJsonAsync($"/api/v1/workspaces/{id}/keep-alive", new { enabled });
        Assert.Equal(expected, response.StatusCode);
        return expected == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<WorkspaceView>(ApiClient.Json) : null;
    }
}

public sealed class LifecycleTestsOnSqlite : LifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

public sealed class LifecycleTestsOnPostgres : LifecycleTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Postgres;
}
