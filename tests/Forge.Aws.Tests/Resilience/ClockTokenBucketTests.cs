using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Resilience;

/// <summary>The rate limit's bucket alone, on a fake clock: burst, refill by the clock, arrival order, queue limit.</summary>
public sealed class ClockTokenBucketTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_burst_goes_at_once_then_tokens_come_only_as_the_clock_moves_in_arrival_order()
    {
        using var bucket = new ClockTokenBucket(rate: 0.5, burst: 2, queueLimit: 10, _time);

        var first = await Task.WhenAll(bucket.AcquireAsync(default).AsTask(), bucket.AcquireAsync(default).AsTask());
        var third = bucket.AcquireAsync(default).AsTask();
        var fourth = bucket.AcquireAsync(default).AsTask();

        Assert.All(first, lease => Assert.True(lease.IsAcquired));
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(1.5));
        Assert.False(third.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True((await third).IsAcquired);
        Assert.False(fourth.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.True((await fourth).IsAcquired);
    }

    [Fact]
    public async Task Beyond_the_queue_limit_a_caller_is_refused_and_a_cancelled_waiter_gives_its_place_back()
    {
        using var bucket = new ClockTokenBucket(rate: 1, burst: 1, queueLimit: 1, _time);
        using var cancel = new CancellationTokenSource();

        Assert.True((await bucket.AcquireAsync(default)).IsAcquired);
        var waiting = bucket.AcquireAsync(cancel.Token).AsTask();
        var queued = bucket.AcquireAsync(default).AsTask();
        Assert.False((await bucket.AcquireAsync(default)).IsAcquired);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await queued).IsAcquired);
    }
}
