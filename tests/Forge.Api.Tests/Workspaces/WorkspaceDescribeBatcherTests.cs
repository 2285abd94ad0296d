using Forge.Api.Cloud;
using Forge.Api.Workspaces;
using Forge.Aws.WorkSpaces;
using Microsoft.Extensions.Time.Testing;

namespace Forge.Api.Tests.Workspaces;

/// <summary>The describe batcher on a fake clock and a fake cloud that records what each call asked for.</summary>
public sealed class WorkspaceDescribeBatcherTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly List<IReadOnlyList<string>> _calls = [];
    private readonly Dictionary<string, string> _states = new(StringComparer.Ordinal);

    private Task<IReadOnlyList<CloudWorkspace>> Describe(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        _calls.Add(ids);
        return Task.FromResult<IReadOnlyList<CloudWorkspace>>(
            [.. ids.Where(_states.ContainsKey).Select(id => new CloudWorkspace(id, _states[id]))]);
    }

    private Task<CloudWorkspace?> AskAsync(WorkspaceDescribeBatcher batcher, string id, string region = "us-east-1") =>
        batcher.DescribeAsync(id, region, Describe, CancellationToken.None);

    [Fact]
    public async Task A_fresh_answer_is_given_again_without_a_call_and_a_stale_one_is_asked_again()
    {
        var batcher = new WorkspaceDescribeBatcher(_clock);
        _states["ws-1"] = WorkspaceState.Pending;
        await AskAsync(batcher, "ws-1");
        _states["ws-1"] = WorkspaceState.Available;

        _clock.Advance(TimeSpan.FromSeconds(4));
        var cached = await AskAsync(batcher, "ws-1");
        _clock.Advance(TimeSpan.FromSeconds(1));
        var fresh = await AskAsync(batcher, "ws-1");

        Assert.Equal((WorkspaceState.Pending, WorkspaceState.Available), (cached!.State, fresh!.State));
        Assert.Equal(2, _calls.Count);
    }

    [Fact]
    public async Task A_call_also_refreshes_the_other_stale_ids_asked_about_lately_up_to_25_oldest_first()
    {
        var batcher = new WorkspaceDescribeBatcher(_clock);
        for (var i = 0; i < 30; i++)
        {
            _states[$"ws-{i:00}"] = WorkspaceState.Pending;
            await AskAsync(batcher, $"ws-{i:00}");
            _clock.Advance(TimeSpan.FromMilliseconds(10));
        }

        _clock.Advance(TimeSpan.FromSeconds(15));
        _calls.Clear();
        foreach (var id in _states.Keys)
        {
            await AskAsync(batcher, id);
        }

        // The first pass asks for itself and the 24 oldest others; the 5 left are asked in one more call.
        Assert.Equal([25, 5], _calls.Select(c => c.Count));
        Assert.Equal("ws-00", _calls[0][0]);
        Assert.Equal(30, _calls.SelectMany(c => c).Distinct().Count());
    }

    [Fact]
    public async Task An_id_acted_on_is_asked_afresh_and_regions_and_quiet_ids_are_kept_apart()
    {
        var batcher = new WorkspaceDescribeBatcher(_clock);
        _states["ws-a"] = WorkspaceState.Available;
        _states["ws-b"] = WorkspaceState.Available;
        _states["ws-old"] = WorkspaceState.Available;
        await AskAsync(batcher, "ws-old");
        _clock.Advance(WorkspaceDescribeBatcher.InterestWindow + TimeSpan.FromSeconds(1));
        await AskAsync(batcher, "ws-a");
        await AskAsync(batcher, "ws-b", region: "eu-west-1");

        batcher.Forget("ws-a", "us-east-1");
        await AskAsync(batcher, "ws-a");

        Assert.Equal([["ws-old"], ["ws-a"], ["ws-b"], ["ws-a"]], _calls.Select(c => c.ToArray()));
    }

    [Fact]
    public async Task An_id_the_cloud_does_not_show_is_answered_null_and_that_answer_kept_while_fresh()
    {
        var batcher = new WorkspaceDescribeBatcher(_clock);

        Assert.Null(await AskAsync(batcher, "ws-missing"));
        _states["ws-missing"] = WorkspaceState.Pending;
        Assert.Null(await AskAsync(batcher, "ws-missing"));
        _clock.Advance(WorkspaceDescribeBatcher.Freshness);
        Assert.Equal(WorkspaceState.Pending, (await AskAsync(batcher, "ws-missing"))!.State);
    }
}
