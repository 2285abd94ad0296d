using Forge.Api.Lifecycle;
using Forge.Api.Platform;
using Microsoft.Extensions.Options;

namespace Forge.Api.Orphans;

/// <summary>Runs an <see cref="OrphanPass"/> every <see cref="LifecycleOptions.OrphanScanInterval"/> on the lifecycle clock; paused with the lifecycle.</summary>
public sealed class OrphanHost(IServiceScopeFactory scopes, LifecycleClock clock, IOptions<LifecycleOptions> options, ILogger<OrphanHost> logger)
    : PeriodicPassHost("Orphans", () => options.Value.OrphanScanInterval, () => options.Value.Paused, clock.Time, logger)
{
    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<OrphanPass>().RunAsync(cancellationToken);
    }
}
