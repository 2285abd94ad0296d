using Microsoft.Extensions.Time.Testing;

namespace Forge.Aws.Tests.Resilience;

/// <summary>The rate limit's bucket alone, on a fake clock: burst, refill by the clock, arrival order, background calls last, queue limit.</summary>
public sealed class ClockTokenBucketTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task The_burst_goes_at_once_then_tokens_come_only_as_the_clock_moves_in_arrival_order()
    {
        var bucket = new ClockTokenBucket(rate: 0.5, burst: 2, queueLimit: 10, _time);

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
        var bucket = new ClockTokenBucket(rate: 1, burst: 1, queueLimit: 1, _time);
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

    [Fact]
    public async Task Background_calls_let_every_call_waiting_now_go_first_and_keep_their_own_order()
    {
        var bucket = new ClockTokenBucket(rate: 1, burst: 1, queueLimit: 10, _time);
        Assert.True((await bucket.AcquireAsync(default)).IsAcquired);
        // Each queues before the next asks (an async method runs up to its first wait): the first holds the turn.
        var pending = new List<Task<string>>
        {
            AcquireAsync(bucket, "holder", background: false),
            AcquireAsync(bucket, "pool 1", background: true),
            AcquireAsync(bucket, "pool 2", background: true),
            AcquireAsync(bucket, "claim 1", background: false),
            AcquireAsync(bucket, "claim 2", background: false),
        };

        var order = new List<string>();
        while (pending.Count > 0)
        {
            _time.Advance(TimeSpan.FromSeconds(1)); // one token: exactly one caller goes
            var next = await Task.WhenAny(pending);
            pending.Remove(next);
            order.Add(await next);
        }

        Assert.Equal(["holder", "claim 1", "claim 2", "pool 1", "pool 2"], order);
    }

    /// <summary>Takes a token for <paramref name="name"/>, as a background flow or not; answers the name once it has one.</summary>
    private static async Task<string> AcquireAsync(ClockTokenBucket bucket, string name, bool background)
    {
        if (background)
        {
            AwsCallUrgency.MarkBackground(); // this flow only: the test's own flow stays as it was
        }

        Assert.True((await bucket.AcquireAsync(default)).IsAcquired);
        return name;
    }
}
