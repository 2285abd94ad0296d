namespace Forge.LocalCloud.Hosting;

/// <summary>
/// A clock that runs <c>scale</c> times faster than its base clock from the moment it is made,
/// so a demo sees a 20-minute WorkSpace build in 20 seconds. Timers shrink by the same factor.
/// </summary>
public sealed class ScaledTimeProvider : TimeProvider
{
    private readonly TimeProvider _inner;
    private readonly double _scale;
    private readonly DateTimeOffset _origin;
    private readonly long _originTimestamp;

    public ScaledTimeProvider(TimeProvider inner, double scale)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(scale);
        _inner = inner;
        _scale = scale;
        _origin = inner.GetUtcNow();
        _originTimestamp = inner.GetTimestamp();
    }

    public override DateTimeOffset GetUtcNow() =>
        _origin + TimeSpan.FromTicks((long)(_inner.GetElapsedTime(_originTimestamp).Ticks * _scale));

    public override long GetTimestamp() => _inner.GetTimestamp();

    public override long TimestampFrequency => _inner.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _inner.CreateTimer(callback, state, Shrink(dueTime), Shrink(period));

    private TimeSpan Shrink(TimeSpan span) =>
        span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / _scale));
}
