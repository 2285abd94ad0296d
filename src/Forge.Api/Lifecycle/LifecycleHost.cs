using Forge.Api.Platform;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>Runs a <see cref="LifecyclePass"/> every <see cref="LifecycleOptions.PassInterval"/> on the lifecycle clock, unless paused.</summary>
public sealed class LifecycleHost(IServiceScopeFactory scopes, LifecycleClock clock, IOptions<LifecycleOptions> options, ILogger<LifecycleHost> logger)
    : PeriodicPassHost("Lifecycle", () => options.Value.PassInterval, () => options.Value.Paused, clock.Time, logger)
{
    public override async Task<PassStats> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LifecyclePass>().RunAsync(cancellationToken);
    }
}
