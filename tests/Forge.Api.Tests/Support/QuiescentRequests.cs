using Forge.Api.Jobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace Forge.Api.Tests.Support;

/// <summary>
/// Each request a test process serves is busy work of the clock's <see cref="JobQuiescence"/> while it
/// runs, and waiting while it awaits a delay on the clock. An event stream that wakes on its backup
/// poll when the clock moves has therefore written what it saw before <see cref="SettlingClock.SettleAsync"/>
/// completes, as a job run has.
/// </summary>
internal sealed class QuiescentRequests(TimeProvider clock) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var quiescence = JobQuiescence.Of(clock);
        app.Use(async (context, nextMiddleware) =>
        {
            using var work = quiescence.BeginWork($"request {context.Request.Method} {context.Request.Path}");
            work.MakeCurrent();
            await nextMiddleware();
        });
        next(app);
    };
}
