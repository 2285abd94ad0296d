using Forge.Api.Persistence;
using Forge.Api.Platform;
using Forge.Api.Auth;
using Forge.Api.Workspaces;
using Forge.Api.Workstation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>
/// Every <see cref="SecretOptions.PollInterval"/>: lists the tagged secrets once per region, re-plans
/// each ready workstation's secrets for its owner's current teams and roles, and where the fingerprint
/// differs from what it holds (a rotation moved AWSCURRENT, a secret was added, retagged or removed, an
/// injection failed) makes an injection due and wakes the workspace's job, which injects. A stopped
/// workstation is left alone: its start injects what is current then. Workstations that are gone lose
/// their record. This pass only records and wakes: it never sends a command itself.
/// </summary>
public sealed class SecretRotationHost(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<SecretOptions> options, ILogger<SecretRotationHost> logger)
    : PeriodicPassHost("Secret rotation", () => options.Value.PollInterval, () => options.Value.RotationPollingPaused, timeProvider, logger)
{
    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = TimeProvider.GetTimestamp();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
        await db.SecretInjections.Where(s => db.Workspaces.Any(w => w.Id == s.WorkspaceId
            && (w.Status == WorkspaceStatus.Terminated || w.Status == WorkspaceStatus.Failed))).ExecuteDeleteAsync(cancellationToken);
        // Ready and at rest: one being provisioned, started or already injecting gets the current plan anyway.
        var injections = await db.SecretInjections.AsNoTracking()
            .Where(s => db.Workspaces.Any(w => w.Id == s.WorkspaceId && w.Status == WorkspaceStatus.Ready && w.Transition == null && !w.SecretsDue))
            .ToListAsync(cancellationToken);
        // Planned for the owners' teams and roles now, so a change (or an expired view) re-injects.
        var owners = await scope.ServiceProvider.GetRequiredService<CurrentIdentities>().ForAsync(injections.Select(i => i.OwnerId), cancellationToken);
        var discovery = scope.ServiceProvider.GetRequiredService<SecretDiscovery>();
        var due = new List<Guid>();
        foreach (var region in injections.GroupBy(i => i.Region, StringComparer.Ordinal))
        {
            var discovered = await discovery.DiscoverAsync(region.Key, cancellationToken);
            due.AddRange(region.Where(i => SecretScopePlanner.Plan(new SecretOwner(i.OwnerId, owners[i.OwnerId].Teams, owners[i.OwnerId].Roles), discovered)
                .Fingerprint != i.Fingerprint).Select(i => i.WorkspaceId));
        }

        await db.Workspaces.Where(w => due.Contains(w.Id)).ExecuteUpdateAsync(s => s.SetProperty(w => w.SecretsDue, true), cancellationToken);
        var (woken, failed) = await scope.ServiceProvider.GetRequiredService<WorkspaceWakeups>().WakeAsync(due, cancellationToken);
        return new PassStats(injections.Count, woken, failed, TimeProvider.GetElapsedTime(started));
    }
}
