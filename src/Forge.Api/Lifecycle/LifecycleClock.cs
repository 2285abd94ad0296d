using Forge.Api.Cloud;
using Microsoft.Extensions.Options;

namespace Forge.Api.Lifecycle;

/// <summary>
/// The clock the lifecycle rules run on. Against AWS (and in the tests, whose local cloud shares Forge's
/// clock) it is Forge's own. With the embedded local cloud, whose clock runs <c>TimeScale</c> times faster
/// (60 by default), it is the cloud's: the idle timeout, the warning and the AUTO_STOP timeout the
/// WorkSpaces are created with are then all measured on one clock, so Forge's idle stop comes before the
/// cloud's AUTO_STOP there exactly as it does in production (an hour of idle is a minute of real time).
/// The lifecycle's own instants (last connection, notices, next action) are read on this clock; Forge's
/// other instants (a workspace's readyAt) are carried over with <see cref="FromForgeTime"/>.
/// </summary>
public sealed class LifecycleClock
{
    private readonly TimeProvider _forge;
    private readonly EmbeddedLocalCloud? _embedded;
    private readonly double _scale;

    internal LifecycleClock(TimeProvider forge, IOptions<EmbeddedLocalCloudOptions> embeddedOptions, EmbeddedLocalCloud embedded)
    {
        _forge = forge;
        var options = embeddedOptions.Value;
        _embedded = options.Enabled ? embedded : null;
        _scale = options.TimeScale;
        Time = _embedded is null ? forge : new EmbeddedCloudTime(forge, embedded);
    }

    /// <summary>The lifecycle clock, for reading the time and for the pass's timer.</summary>
    public TimeProvider Time { get; }

    public DateTimeOffset Now => Time.GetUtcNow();

    /// <summary>An instant of Forge's clock (readyAt) on the lifecycle clock.</summary>
    public DateTimeOffset FromForgeTime(DateTimeOffset forgeInstant)
    {
        if (_embedded?.Clock is null)
        {
            return forgeInstant;
        }

        var elapsed = _forge.GetUtcNow() - forgeInstant;
        return Now - TimeSpan.FromTicks((long)(elapsed.Ticks * _scale));
    }

    /// <summary>The embedded cloud's clock once it runs (it starts before any pass), Forge's until then.</summary>
    private sealed class EmbeddedCloudTime(TimeProvider forge, EmbeddedLocalCloud embedded) : TimeProvider
    {
        private TimeProvider Current => embedded.Clock ?? forge;

        public override DateTimeOffset GetUtcNow() => Current.GetUtcNow();

        public override long GetTimestamp() => forge.GetTimestamp();

        public override long TimestampFrequency => forge.TimestampFrequency;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            Current.CreateTimer(callback, state, dueTime, period);
    }
}
