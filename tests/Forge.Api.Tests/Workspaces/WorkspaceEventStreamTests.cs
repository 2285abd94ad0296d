using System.Net;
using Forge.Api.Persistence;
using Forge.Api.Tests.Support;
using Forge.Api.Workspaces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Forge.Api.Tests.Workspaces;

/// <summary>
/// Event streams (<c>GET /api/v1/workspaces/{id}/events</c>) are capped per user and per process,
/// and each event is sent only to a caller who may still see the workspace. Workers are paused, so
/// every workspace stays provisioning and every stream stays open until something ends it.
/// </summary>
public sealed class WorkspaceEventStreamTests : ForgeTestBase
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    [Fact]
    public async Task Streams_past_the_per_user_or_the_overall_cap_are_429_problems_and_a_closed_stream_frees_its_place()
    {
        var app = StartForge(new()
        {
            ["Jobs:Paused"] = "true",
            ["Workspaces:MaxEventStreamsPerUser"] = "2",
            ["Workspaces:MaxEventStreams"] = "3",
        });
        var alice = await app.ClientForAsync("alice");
        var bob = await app.ClientForAsync("bob");
        var carol = await app.ClientForAsync("carol");
        var alices = (await alice.CreateWorkspaceAsync()).Id;
        var bobs = (await bob.CreateWorkspaceAsync()).Id;
        var carols = (await carol.CreateWorkspaceAsync()).Id;

        var first = await OpenAsync(alice, alices);
        using var second = await OpenAsync(alice, alices);
        using var thirdOfAlice = await OpenAsync(alice, alices);
        using var ofBob = await OpenAsync(bob, bobs);
        using var ofCarol = await OpenAsync(carol, carols);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK, HttpStatusCode.TooManyRequests],
            new[] { first, second, thirdOfAlice, ofBob, ofCarol }.Select(r => r.StatusCode));
        var perUser = await thirdOfAlice.ProblemAsync();
        Assert.Equal(429, perUser.GetProperty("status").GetInt32());
        Assert.Equal("You already have 2 open event streams, the most one user may hold (Workspaces:MaxEventStreamsPerUser).",
            perUser.GetProperty("detail").GetString());
        Assert.Equal("This server already holds 3 open event streams, the most it takes (Workspaces:MaxEventStreams).",
            (await ofCarol.ProblemAsync()).GetProperty("detail").GetString());

        // The client goes away: its place is free again once the server has seen the stream end.
        first.Dispose();
        var reopened = await Eventually.UntilAsync(Clock, () => OpenAsync(carol, carols), r =>
        {
            if (r.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            r.Dispose();
            return false;
        }, TimeSpan.Zero, maxRounds: 100);
        reopened.Dispose();
    }

    [Fact]
    public async Task A_stream_ends_at_the_next_event_once_its_caller_can_no_longer_see_the_workspace()
    {
        var app = StartForge(new() { ["Jobs:Paused"] = "true" });
        var alice = await app.ClientForAsync("alice");
        var id = (await alice.CreateWorkspaceAsync()).Id;
        using var response = await OpenAsync(alice, id);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.Equal("event: status", await reader.ReadLineAsync());
        Assert.Contains("\"status\":\"provisioning\"", await reader.ReadLineAsync(), StringComparison.Ordinal);

        // The workspace is handed to someone else (what a pool claim or an admin reassignment does), and then
        // changes: alice must not see the change, and her stream must not wait for one forever.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ForgeDbContext>();
            await db.Workspaces.Where(w => w.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.OwnerId, "bob")
                .SetProperty(w => w.Status, WorkspaceStatus.Stopped));
        }

        var rest = reader.ReadToEndAsync();
        // Its backup poll (2 s) wakes the stream: it reads as alice, finds nothing she may see, and ends.
        // (Settling waits for the request, not for the test's reader, which the guard bounds.)
        Clock.Advance(TimeSpan.FromSeconds(2));
        await Clock.SettleAsync();
        Assert.DoesNotContain("event:", await rest.WaitAsync(TimeSpan.FromSeconds(30)), StringComparison.Ordinal);
    }

    private static Task<HttpResponseMessage> OpenAsync(HttpClient client, Guid id) =>
        client.GetAsync($"/api/v1/workspaces/{id}/events", HttpCompletionOption.ResponseHeadersRead);
}
