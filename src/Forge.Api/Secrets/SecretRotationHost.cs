using Forge.Api.Persistence;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Forge.Api.Secrets;

/// <summary>What one rotation pass saw and did.</summary>
public sealed record SecretRotationStats(int Examined, int Acted, int Failed, TimeSpan Elapsed);

/// <summary>
/// Every <see cref="SecretOptions.PollInterval"/>: lists the tagged secrets once per region, re-plans
/// each running workstation's secrets for its owner's current teams and roles, and re-injects where
/// the fingerprint changed (a rotation moved AWSCURRENT, or a secret was added, retagged or removed).
/// Workstations that are gone lose their record. One workstation's failure never stops the pass.
/// </summary>
public sealed partial class SecretRotationHost(
    IServiceScopeFactory scopes, TimeProvider timeProvider, IOptions<SecretOptions> options, ILogger<SecretRotationHost> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Platform.PeriodicPass.RunAsync(options.Value.PollInterval, timeProvider, () => options.Value.RotationPollingPaused,
            async ct =>
            {
                var stats = await RunOnceAsync(ct);
                LogPass(logger, stats.Examined, stats.Acted, stats.Failed, stats.Elapsed.TotalMilliseconds);
            },
            e => LogPassFailed(logger, e),
            stoppingToken);

    public async Task<SecretRotationStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        List<SecretInjection> injections;
        IReadOnlyDictionary<string, Security.CurrentIdentity> owners;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            await db.SecretInjections.Where(s => db.Workspaces.Any(w => w.Id == s.WorkspaceId
                && (w.Status == WorkspaceStatus.Terminated || w.Status == WorkspaceStatus.Failed))).ExecuteDeleteAsync(cancellationToken);
            injections = await db.SecretInjections.AsNoTracking()
                .Where(s => db.Workspaces.Any(w => w.Id == s.WorkspaceId && w.Status == WorkspaceStatus.Ready)).ToListAsync(cancellationToken);
            // Planned for the owners' teams and roles now, so a change (or an expired view) re-injects.
            owners = await scope.ServiceProvider.GetRequiredService<Security.CurrentIdentities>()
                .ForAsync(injections.Select(i => i.OwnerId), cancellationToken);
        }

        int acted = 0, failed = 0;
        foreach (var region in injections.GroupBy(i => i.Region, StringComparer.Ordinal))
        {
            List<DiscoveredSecret> discovered;
            await using (var scope = scopes.CreateAsyncScope())
            {
                discovered = await scope.ServiceProvider.GetRequiredService<SecretDiscovery>().DiscoverAsync(region.Key, cancellationToken);
            }

            var stale = region.Select(i => (Injection: i, Owner: new SecretOwner(i.OwnerId, owners[i.OwnerId].Teams, owners[i.OwnerId].Roles)))
                .Where(i => SecretScopePlanner.Plan(i.Owner, discovered).Fingerprint != i.Injection.Fingerprint).ToList();
            // Bounded fan-out: each re-injection waits on its workstation's command.
            await Parallel.ForEachAsync(stale, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (item, ct) =>
                {
                    await using var scope = scopes.CreateAsyncScope();
                    var result = await scope.ServiceProvider.GetRequiredService<SecretSteps>().InjectAsync(item.Injection.WorkspaceId, item.Owner, discovered, ct);
                    Interlocked.Increment(ref result.Succeeded ? ref acted : ref failed);
                });
        }

        return new SecretRotationStats(injections.Count, acted, failed, timeProvider.GetElapsedTime(started));
    }

    [LoggerMessage(EventId = 5211, Level = LogLevel.Debug, Message = "Secret rotation pass: {Examined} examined, {Acted} re-injected, {Failed} failed, {ElapsedMs} ms")]
    private static partial void LogPass(ILogger logger, int examined, int acted, int failed, double elapsedMs);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Error, Message = "Secret rotation pass failed")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
