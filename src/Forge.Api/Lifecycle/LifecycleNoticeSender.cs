using Forge.Api.Notifications;
using Forge.Api.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// Puts lifecycle notices into the notifications outbox of the pass's own unit of work (so each is saved
/// with the decision that made it) on every configured channel of <see cref="LifecycleOptions.NoticeChannels"/>,
/// one message per workspace, kind and due time (the dedup key); and reads back where they stand: delivered
/// once any channel delivered, failed once every channel gave up, pending otherwise. A notice no channel
/// could take (none configured) counts as failed: it is recorded as such, never waited on forever.
/// </summary>
public sealed class LifecycleNoticeSender(ForgeDbContext db, NotificationOutbox outbox, IOptions<LifecycleOptions> options)
{
    public static string DedupKey(Guid workspaceId, string kind, DateTimeOffset due) =>
        $"lifecycle:{kind}:{workspaceId}:{due.ToUniversalTime():yyyy-MM-ddTHH:mm:ss.ffffffZ}";

    /// <summary>
    /// Stages the notice on each configured channel, stated in the owner's time zone; the e-mail channel only for an owner
    /// with an address (the one they gave, else the one their token stated), the Slack direct message only for one who gave
    /// their member id. Returns how many channels took it.
    /// </summary>
    public async Task<int> EnqueueAsync(Guid workspaceId, string ownerId, string blueprint, NoticeToSend notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var preference = await db.Set<NotificationPreference>().AsNoTracking().SingleOrDefaultAsync(p => p.UserId == ownerId, cancellationToken);
        var address = preference?.Email
            ?? await db.UserIdentities.AsNoTracking().Where(u => u.UserId == ownerId).Select(u => u.Email).SingleOrDefaultAsync(cancellationToken);
        var zone = LifecycleTimeZones.TryFind(preference?.TimeZone ?? options.Value.DefaultTimeZone, out var found) ? found : TimeZoneInfo.Utc;
        var text = LifecycleNotices.Compose(notice.Kind, workspaceId, blueprint, notice.Due, zone);
        var html = System.Text.Json.JsonSerializer.Serialize(new { html = "<p>" + System.Net.WebUtility.HtmlEncode(text.Body).Replace("\n", "<br>", StringComparison.Ordinal) + "</p>" });
        var taken = 0;
        foreach (var channel in outbox.Configured(options.Value.NoticeChannels))
        {
            var email = channel == EmailChannel.ChannelName;
            var recipient = channel switch
            {
                EmailChannel.ChannelName => address,
                SlackDirectMessageChannel.ChannelName => preference?.SlackMemberId,
                _ => ownerId,
            };
            if (recipient is null)
            {
                continue; // No address (or member id) to send it to: the other channels carry it.
            }

            await outbox.EnqueueAsync(channel, DedupKey(workspaceId, notice.Kind, notice.Due), text.Subject, text.Body,
                recipient: recipient, details: email ? html : null, cancellationToken: cancellationToken);
            taken++;
        }

        return taken;
    }

    /// <summary>Brings the delivery of every pending notice on these rows up to date from the outbox (one query).</summary>
    public async Task RefreshDeliveriesAsync(IReadOnlyCollection<WorkspaceLifecycle> states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(states);
        var pending = states.SelectMany(s => new[] { s.IdleNotice, s.LifetimeNotice, s.StaleNotice }.Select(n => (State: s, Notice: n)))
            .Where(p => p.Notice is { Delivery: NoticeDelivery.Pending })
            .Select(p => (p.State, Notice: p.Notice!, Key: DedupKey(p.State.WorkspaceId, p.Notice!.Kind, p.Notice.Due)))
            .ToList();
        if (pending.Count == 0)
        {
            return;
        }

        var keys = pending.Select(p => p.Key).ToList();
        var rows = (await db.OutboxMessages.AsNoTracking().Where(m => keys.Contains(m.DedupKey)).Select(m => new { m.DedupKey, m.State })
            .ToListAsync(cancellationToken)).ToLookup(m => m.DedupKey, m => m.State, StringComparer.Ordinal);
        foreach (var (state, notice, key) in pending)
        {
            var channelStates = rows[key].ToList();
            var delivery = channelStates.Contains(OutboxState.Delivered) ? NoticeDelivery.Delivered
                : channelStates.All(s => s == OutboxState.Failed) ? NoticeDelivery.Failed // none at all: no channel could take it
                : NoticeDelivery.Pending;
            if (delivery != NoticeDelivery.Pending)
            {
                var settled = notice with { Delivery = delivery };
                switch (notice.Kind)
                {
                    case NoticeKinds.IdleWarning:
                        state.IdleNotice = settled;
                        break;
                    case NoticeKinds.Stale:
                        state.StaleNotice = settled;
                        break;
                    default:
                        state.LifetimeNotice = settled;
                        break;
                }
            }
        }
    }
}
