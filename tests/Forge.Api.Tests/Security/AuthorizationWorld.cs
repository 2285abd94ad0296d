using System.Net.Http.Json;
using Forge.Api.Auth;
using Forge.Api.Tests.Support;
using Forge.Api.Volumes;
using Forge.Api.Workspaces;

namespace Forge.Api.Tests.Security;

/// <summary>A workspace a matrix cell acts on, with the client of the developer who owns it.</summary>
public sealed record MatrixTarget(Guid WorkspaceId, HttpClient Owner);

/// <summary>
/// The callers and resources the authorization matrix runs against, all made through the API: the owner
/// (<c>alice</c>, team <c>Engineering</c>) with a ready workspace and its mounted volume, a decoy workspace
/// of her team for callers who must not act, and a fresh workspace for each cell whose action succeeds
/// (a stop or a terminate changes its target, so no two cells share one).
/// </summary>
public sealed class AuthorizationWorld
{
    public const string Team = "Engineering";

    private readonly Dictionary<Caller, HttpClient> _callers;
    private readonly Dictionary<Target, Queue<MatrixTarget>> _fresh;

    private AuthorizationWorld(Dictionary<Caller, HttpClient> callers, MatrixTarget shared, Guid sharedVolume, MatrixTarget decoy,
        Dictionary<Target, Queue<MatrixTarget>> fresh)
    {
        _callers = callers;
        Shared = shared;
        SharedVolume = sharedVolume;
        Decoy = decoy;
        _fresh = fresh;
    }

    public MatrixTarget Shared { get; }

    public Guid SharedVolume { get; }

    public MatrixTarget Decoy { get; }

    /// <summary>The client and the workspace for one cell: a fresh target for a cell whose action succeeds.</summary>
    public (HttpClient Client, MatrixTarget? Target) For(AuthorizationRow row, Caller caller)
    {
        ArgumentNullException.ThrowIfNull(row);
        var target = row.Target switch
        {
            Target.None => null,
            Target.SharedReady => Shared,
            _ when row.Status[caller] is >= 200 and < 300 => _fresh[row.Target].Dequeue(),
            _ => Decoy,
        };
        var client = caller == Caller.Owner && target is not null ? target.Owner : _callers[caller];
        return (client, target);
    }

    /// <summary>
    /// Builds the world for <paramref name="rows"/>: one fresh target per succeeding cell of a row that changes
    /// its target, all requested at once and driven to ready (and the stopped ones to stopped) on the fake clock.
    /// </summary>
    public static async Task<AuthorizationWorld> BuildAsync(ForgeApp app, SettlingClock clock, IReadOnlyList<AuthorizationRow> rows)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(rows);
        var callers = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = app.CreateClient(),
            [Caller.Owner] = await app.ClientForAsync("alice", [Team]),
            [Caller.OtherDeveloper] = await app.ClientForAsync("bob", [Team]),
            [Caller.SameTeamLead] = await app.ClientForAsync("erin", [Team], [Roles.TeamLead]),
            [Caller.OtherTeamLead] = await app.ClientForAsync("sam", ["Sales"], [Roles.TeamLead]),
            [Caller.SpacedTeamLead] = await app.ClientForAsync("pat", ["Platform Engineering"], [Roles.TeamLead]),
            [Caller.Admin] = await app.ClientForAsync("ada", roles: [Roles.Admin]),
        };
        var admin = callers[Caller.Admin];

        var shared = new MatrixTarget((await callers[Caller.Owner].CreateWorkspaceAsync()).Id, callers[Caller.Owner]);
        var dana = await app.ClientForAsync("dana", [Team]);
        var decoy = new MatrixTarget((await dana.CreateWorkspaceAsync()).Id, dana);
        var fresh = new Dictionary<Target, Queue<MatrixTarget>> { [Target.FreshReady] = new(), [Target.FreshStopped] = new() };
        var needed = rows.Where(r => r.Target is Target.FreshReady or Target.FreshStopped)
            .SelectMany(r => r.Status.Where(s => s.Value is >= 200 and < 300).Select(_ => r.Target)).ToList();
        for (var i = 0; i < needed.Count; i++)
        {
            // One owner per target: every fresh target is a workspace of a different developer of the team.
            var owner = await app.ClientForAsync($"owner-{i}", [Team]);
            fresh[needed[i]].Enqueue(new MatrixTarget((await owner.CreateWorkspaceAsync()).Id, owner));
        }

        var all = new[] { shared, decoy }.Concat(fresh.Values.SelectMany(q => q)).Select(t => t.WorkspaceId).ToHashSet();
        await Eventually.UntilAsync(clock, () => admin.ListWorkspacesAsync("?limit=200"),
            list => list.Count(w => all.Contains(w.Id) && w.Status == WorkspaceStatus.Ready) == all.Count, TimeSpan.FromSeconds(15));
        foreach (var stopped in fresh[Target.FreshStopped])
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, (await stopped.Owner.PostAsync($"/api/v1/workspaces/{stopped.WorkspaceId}/stop", null)).StatusCode);
        }

        var stopping = fresh[Target.FreshStopped].Select(t => t.WorkspaceId).ToHashSet();
        await Eventually.UntilAsync(clock, () => admin.ListWorkspacesAsync("?limit=200"),
            list => list.Count(w => stopping.Contains(w.Id) && w.Status == WorkspaceStatus.Stopped) == stopping.Count, TimeSpan.FromSeconds(15));

        var volumes = await callers[Caller.Owner].GetFromJsonAsync<UserVolumePage>("/api/v1/volumes", ApiClient.Json);
        var volume = Assert.Single(volumes!.Volumes);
        Assert.Equal(shared.WorkspaceId, volume.MountedWorkspaceId);
        return new AuthorizationWorld(callers, shared, volume.Id, decoy, fresh);
    }
}
