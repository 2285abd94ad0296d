using Forge.Api.Cloud;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// The batcher of requests' own calls on a fake clock, over a fake call that records what each call carried
/// and answers each item with its own outcome ("refuse-…" items refused, like a FailedRequests entry).
/// </summary>
public sealed class RegionCallBatcherTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<(string Region, string[] Items)> _calls = [];

    /// <summary>What the next call does instead of answering: throws this when it carries more than one item, or any item named in <see cref="_refusedAlone"/>.</summary>
    private Exception? _wholeCallFailure;
    private readonly HashSet<string> _refusedAlone = [];

    private RegionCallBatcher<string, string> Batcher() => new(_clock, 25, (region, items, _) =>
    {
        _calls.Add((region, [.. items]));
        if (_wholeCallFailure is { } failure && (items.Count > 1 || items.Any(_refusedAlone.Contains)))
        {
            throw failure;
        }

        return Task.FromResult<IReadOnlyList<string>>([.. items.Select(i => i.StartsWith("refuse-", StringComparison.Ordinal) ? "refused " + i : "done " + i)]);
    });

    [Fact]
    public async Task Callers_of_a_region_within_the_window_share_one_call_and_each_gets_its_own_outcome()
    {
        var batcher = Batcher();
        var first = batcher.CallAsync("ap-south-1", "ws-a", CancellationToken.None);
        _clock.Advance(TimeSpan.FromMilliseconds(300));
        var second = batcher.CallAsync("ap-south-1", "refuse-ws-b", CancellationToken.None);
        var third = batcher.CallAsync("ap-south-1", "ws-c", CancellationToken.None);
        Assert.Empty(_calls); // the window is still open

        _clock.Advance(TimeSpan.FromMilliseconds(200));
        Assert.Equal(["done ws-a", "refused refuse-ws-b", "done ws-c"], await Task.WhenAll(first, second, third));

        // A caller after the window gets a call of its own.
        var later = batcher.CallAsync("ap-south-1", "ws-d", CancellationToken.None);
        _clock.Advance(RegionCallBatcherDefaults.Window);
        Assert.Equal("done ws-d", await later);
        Assert.Equal([["ws-a", "refuse-ws-b", "ws-c"], ["ws-d"]], _calls.Select(c => c.Items));
    }

    [Fact]
    public async Task A_call_carries_at_most_25_and_a_full_one_goes_at_once()
    {
        var batcher = Batcher();
        var callers = Enumerable.Range(0, 30).Select(i => batcher.CallAsync("us-east-1", $"ws-{i:00}", CancellationToken.None)).ToList();

        // The 25 first went when the 25th arrived, without the clock moving (the real-time bound only guards
        // against a hang); the 5 others wait for their window.
        await Task.WhenAll(callers.Take(25)).WaitAsync(TimeSpan.FromSeconds(30), TimeProvider.System);
        Assert.Single(_calls);
        Assert.All(callers.Skip(25), c => Assert.False(c.IsCompleted));
        _clock.Advance(RegionCallBatcherDefaults.Window);
        await Task.WhenAll(callers);

        Assert.Equal([25, 5], _calls.Select(c => c.Items.Length));
        Assert.Equal(Enumerable.Range(0, 30).Select(i => $"done ws-{i:00}"), callers.Select(c => c.Result));
    }

    [Fact]
    public async Task Regions_are_called_apart()
    {
        var batcher = Batcher();
        var east = batcher.CallAsync("us-east-1", "ws-a", CancellationToken.None);
        var west = batcher.CallAsync("eu-west-1", "ws-b", CancellationToken.None);
        _clock.Advance(RegionCallBatcherDefaults.Window);
        await Task.WhenAll(east, west);

        Assert.Equal([("us-east-1", "ws-a"), ("eu-west-1", "ws-b")], _calls.Select(c => (c.Region, c.Items.Single())));
    }

    [Fact]
    public async Task A_call_refused_as_a_whole_for_good_is_made_again_one_item_a_call_so_only_the_bad_item_fails()
    {
        var batcher = Batcher();
        _wholeCallFailure = new WorkspaceCloudException("ValidationException: bad request", terminal: true);
        _refusedAlone.Add("ws-bad");
        string[] items = ["ws-a", "ws-bad", "ws-c"];
        var callers = items.Select(i => batcher.CallAsync("us-east-1", i, CancellationToken.None)).ToList();
        _clock.Advance(RegionCallBatcherDefaults.Window);

        Assert.Equal("done ws-a", await callers[0]);
        var refused = await Assert.ThrowsAsync<WorkspaceCloudException>(() => callers[1]);
        Assert.True(refused.Terminal);
        Assert.Equal("done ws-c", await callers[2]);
        Assert.Equal([["ws-a", "ws-bad", "ws-c"], ["ws-a"], ["ws-bad"], ["ws-c"]], _calls.Select(c => c.Items));
    }

    [Fact]
    public async Task A_call_failing_for_a_passing_reason_fails_its_callers_only_and_is_not_split()
    {
        var batcher = Batcher();
        _wholeCallFailure = new WorkspaceCloudException("ThrottlingException: slow down", terminal: false);
        string[] items = ["ws-a", "ws-b"];
        var failing = items.Select(i => batcher.CallAsync("us-east-1", i, CancellationToken.None)).ToList();
        _clock.Advance(RegionCallBatcherDefaults.Window);
        foreach (var caller in failing)
        {
            Assert.False((await Assert.ThrowsAsync<WorkspaceCloudException>(() => caller)).Terminal);
        }

        _wholeCallFailure = null;
        var next = batcher.CallAsync("us-east-1", "ws-c", CancellationToken.None);
        _clock.Advance(RegionCallBatcherDefaults.Window);

        Assert.Equal("done ws-c", await next);
        Assert.Equal([["ws-a", "ws-b"], ["ws-c"]], _calls.Select(c => c.Items));
    }

    [Fact]
    public async Task A_caller_cancelled_before_the_call_goes_is_left_out_of_it()
    {
        var batcher = Batcher();
        using var cancel = new CancellationTokenSource();
        var staying = batcher.CallAsync("us-east-1", "ws-a", CancellationToken.None);
        var leaving = batcher.CallAsync("us-east-1", "ws-b", cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leaving);

        _clock.Advance(RegionCallBatcherDefaults.Window);
        Assert.Equal("done ws-a", await staying);
        Assert.Equal([["ws-a"]], _calls.Select(c => c.Items));
    }

    [Fact]
    public async Task A_call_made_is_cancelled_once_every_caller_stopped_waiting_and_not_before()
    {
        var answer = new TaskCompletionSource<IReadOnlyList<string>>();
        var made = new TaskCompletionSource<CancellationToken>();
        var batcher = new RegionCallBatcher<string, string>(_clock, 25, (_, _, abandoned) =>
        {
            made.TrySetResult(abandoned);
            return answer.Task.WaitAsync(abandoned);
        });
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var a = batcher.CallAsync("us-east-1", "ws-a", first.Token);
        var b = batcher.CallAsync("us-east-1", "ws-b", second.Token);
        _clock.Advance(RegionCallBatcherDefaults.Window);
        var call = await made.Task;

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => a);
        Assert.False(call.IsCancellationRequested); // ws-b still waits for it
        await second.CancelAsync(); // a stopping process: the last caller stops waiting
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => b);
        Assert.True(call.IsCancellationRequested);
    }
}
